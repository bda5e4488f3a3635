"""The `offpath` command line: check, fix, report, graph, explain, server.

It sits beside the server and depends on the analysis (and, for `offpath server`, on the server);
neither of them imports it.
"""
