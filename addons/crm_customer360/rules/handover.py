# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The rules of an account handover, without the ORM."""


def handover_error(mode, from_user, to_user, owners):
    """First reason the handover cannot be done, as ``(code, values)``, or
    None. ``from_user``/``to_user`` are ``{"id", "name", "active",
    "internal"}`` dicts or None; ``owners`` maps each customer name to its
    current owner id (False when none)."""
    if not to_user:
        return "no_new_owner", {}
    if not to_user["active"] or not to_user["internal"]:
        return "bad_new_owner", {"user": to_user["name"]}
    if mode == "salesperson":
        if not from_user:
            return "no_old_owner", {}
        if from_user["id"] == to_user["id"]:
            return "same_owner", {"user": to_user["name"]}
        if not owners:
            return "no_customers_of", {"user": from_user["name"]}
        return None
    if not owners:
        return "no_customers", {}
    owned = sorted(name for name, owner in owners.items() if owner == to_user["id"])
    if owned:
        return "already_owned", {"user": to_user["name"], "customers": ", ".join(owned)}
    return None


def following_contacts(contacts, previous_owners):
    """Ids of the contacts that follow their company to the new owner: those
    that had the company's previous owner. ``contacts`` are
    ``(contact_id, company_id, owner_id)`` tuples."""
    return [
        contact_id for contact_id, company_id, owner_id in contacts
        if company_id in previous_owners and owner_id == previous_owners[company_id]
    ]


def documents_to_move(documents, previous_owners):
    """Ids of the open documents that belonged to their customer's previous
    owner. ``documents`` are ``(document_id, company_id, owner_id)``."""
    return [
        document_id for document_id, company_id, owner_id in documents
        if owner_id and previous_owners.get(company_id) == owner_id
    ]


def is_id(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2 ** 31


def many2many_ids(commands):
    """The ids of many2many ``commands`` (a list of ids, or of (6, 0, ids)
    and (4, id) commands), or None when they are not such commands."""
    if not isinstance(commands, (list, tuple)):
        return None
    ids = []
    for command in commands:
        if is_id(command):
            ids.append(command)
        elif isinstance(command, (list, tuple)) and len(command) == 3 and command[0] == 6 \
                and isinstance(command[2], (list, tuple)) and all(is_id(i) for i in command[2]):
            ids += list(command[2])
        elif isinstance(command, (list, tuple)) and len(command) in (2, 3) \
                and command[0] in (3, 4) and is_id(command[1]):
            ids.append(command[1])
        elif isinstance(command, (list, tuple)) and len(command) in (1, 3) and command[0] == 5:
            continue
        else:
            return None
    return ids


def group_by(rows, key):
    """``{key(row): [row, ...]}`` keeping the rows' order."""
    groups = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return groups
