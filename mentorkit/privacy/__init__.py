"""The privacy gate: every private value, searched for in every output before it is published."""
