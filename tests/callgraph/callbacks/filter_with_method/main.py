"""`filter` with an unbound method called on each element."""


class Item:
    def visible(self):
        return True


list(filter(Item.visible, [Item()]))
