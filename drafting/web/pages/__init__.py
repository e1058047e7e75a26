"""The pages of the workbench, one blueprint per workflow.

``common`` holds what pages share (uploads, years, errors, download links);
``files`` serves results by token; the others are the workflows: ``draft``
(起草), ``renew`` (更新去年文稿), ``check`` (检查), ``library`` (素材库),
``batch`` (批量起草).
"""
