"""The year logic beyond finding expressions: what each does in its sentence, and claims tied to a year.

``drafting.yearrefs`` finds the expressions and judges staleness for the checks;
``drafting.renew`` decides how to move a document on. This subpackage holds what
both share: ``roles`` (the part an expression plays in its sentence) and
``claims`` (relative dates, positioning claims, time-bound goals).
"""
