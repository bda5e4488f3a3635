"""`json.loads(object_hook=...)` and `json.dumps(default=...)` call the workspace functions back."""
import json


def decode(mapping):
    return mapping


def encode(value):
    return repr(value)


def roundtrip(text):
    data = json.loads(text, object_hook=decode)
    data["when"] = object()
    return json.dumps(data, default=encode)


roundtrip('{"a": {"b": 1}}')
