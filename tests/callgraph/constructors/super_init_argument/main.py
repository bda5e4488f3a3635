"""`super().__init__(Publisher())` gives the base's attribute its value."""


class Publisher:
    def publish(self):
        pass


class Base:
    def __init__(self, publisher):
        self.publisher = publisher

    def notify(self):
        self.publisher.publish()


class Orders(Base):
    def __init__(self):
        super().__init__(Publisher())


Orders().notify()
