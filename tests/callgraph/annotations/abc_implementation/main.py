"""Negative: an ABC-typed receiver runs the implementation, not the abstract method."""
from abc import ABC, abstractmethod


class Storage(ABC):
    @abstractmethod
    def save(self):
        raise NotImplementedError


class Disk(Storage):
    def save(self):
        pass


def persist(storage: Storage):
    storage.save()


persist(Disk())
