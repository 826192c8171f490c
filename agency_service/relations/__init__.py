"""The relationship register (关系维护, 001 §3.3; 002 A): gifts and hospitality against a yearly budget per
tier, client events with invitations and attendance, information shared with the client."""
