"""An element added with `append` and read back."""


def job():
    pass


queue = []
queue.append(job)
queue[0]()
