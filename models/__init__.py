"""The database: tables, query functions that never commit, FSM storage, migrations; it
imports only the domain."""
