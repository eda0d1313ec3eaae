"""The compliance engine's core: plain Python, no ORM.

``facts`` says what a rule can test, ``conditions`` validates the JSON condition language,
``evaluator`` decides one vehicle (facts + rule versions -> decision + findings) and ``sql``
compiles the same conditions to SQL for set-based re-screening. A property test proves that the
evaluator and the compiler agree.
"""
