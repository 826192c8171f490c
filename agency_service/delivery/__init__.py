"""From brief to delivery (DESIGN §12): the brief (the client's requirement list and the creative or media
brief, ``briefs``), the proposal rehearsed before it is presented (``proposals``), a work order's delivery
plan (ERPNext Project from the Project Template of its type, milestones the client confirms), the client's
written confirmations on the portal (/work), change requests, and what may be attached (``attachments``).
Rules here; the portal API in ``api/work.py`` and ``api/briefs.py``; each doctype's own lifecycle stays in
its controller."""
