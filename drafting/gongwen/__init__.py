"""Issuable 公文: the 印发通知, 版头 and 版记, title line breaking, layout verification."""
