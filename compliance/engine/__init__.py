"""The compliance engine's core: plain Python, no Django and no other app (import-linter checks it).

``facts`` says what a rule can test (vehicle choices from ``compliance.choices``), ``conditions``
validates the JSON condition language, ``evaluator`` decides one vehicle (facts + rule versions ->
decision + findings), ``reviews`` says what an officer's review does to a decision, and ``sql``
compiles the same conditions to SQL text for set-based re-screening (run by ``services/bulk_sql.py``).
A property test proves that the evaluator and the compiler agree. Only the pure parts of ``core``
(money, codes, dates) are used.
"""
