"""From brief to delivery (DESIGN §12): a work order's delivery plan (ERPNext Project from the Project
Template of its type, milestones the client confirms), the client's written confirmations on the portal
(/work) and change requests. Rules here; the portal API in ``api/work.py``; the work order's own
lifecycle stays in its controller."""
