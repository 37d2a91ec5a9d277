"""The rules of the contract, read in plain Python: no CP-SAT, no HTTP.

``relations`` (the category forest, adjacency and competition as networkx
graphs), ``index`` (one scenario indexed once: fees, values, eligibility),
``contract`` (eligibility, fees and value, the conflict rule), ``validate``
(every rule of a roster checked directly) and ``enforce`` (deal checks, the
breach monitor, creator calendars).  The solver models these rules; the
validator and the tests hold the model to them.
"""
