"""Pure rules every layer shares (roles, people, scopes, languages, time zones): no aiogram,
no SQL."""
