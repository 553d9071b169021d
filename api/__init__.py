"""The HTTP layer of recognition-kg (SPARQL 1.1 Protocol endpoint, JSON API, web page).

It is built by the endpoint issue on top of :mod:`graph`; nothing here yet.
"""
