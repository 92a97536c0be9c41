"""Services of a project on a team server: roles, copies, what others changed."""
