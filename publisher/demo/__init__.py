"""The demo: a small, deterministic Danish data set and the command that runs the whole chain.

``data`` generates the municipalities' submissions and the reference layers in code, so the demo
needs nothing outside the repository; ``boundaries`` uses the real DAGI boundaries when the shared
test data lies beside the checkout.
"""
