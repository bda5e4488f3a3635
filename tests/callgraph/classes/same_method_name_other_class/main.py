"""Negative: two classes define `speak`; only the dog speaks."""


class Dog:
    def speak(self):
        pass


class Cat:
    def speak(self):
        pass


pet = Dog()
pet.speak()
