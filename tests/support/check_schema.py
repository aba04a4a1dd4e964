#!/usr/bin/env python3
"""Validates every shipped scenario (scenarios/*.yaml, docs/examples/*.yaml, tests/validation/*.yaml) against the JSON
Schema with an independent validator (python3-jsonschema), so the schema is known to accept the
files flopcast accepts. Usage: check_schema.py SCHEMA SOURCE_DIR"""
import glob, json, os, sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # the README's set-up installs python3-jsonschema and python3-yaml
    print(f"missing test dependency: {e}; apt-get install python3-jsonschema python3-yaml")
    sys.exit(1)

schema_path, root = sys.argv[1], sys.argv[2]
schema = json.load(open(schema_path))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
files = sorted(glob.glob(os.path.join(root, "scenarios", "*.yaml")) + glob.glob(os.path.join(root, "docs", "examples", "*.yaml"))
               + glob.glob(os.path.join(root, "tests", "validation", "*.yaml")))
failures = 0
for f in files:
    # Dates like 2026-03 stay strings in YAML 1.2 terms; PyYAML's timestamp resolver would make
    # 2026-03-01 a date, so load with the base loader and no implicit timestamps.
    class Loader(yaml.SafeLoader):
        pass
    Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                                      for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    doc = yaml.load(open(f), Loader=Loader)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors:
        print(f"{os.path.relpath(f, root)}: {'/'.join(map(str, e.path))}: {e.message}")
    failures += bool(errors)
print(f"{len(files) - failures} passed, {failures} failed")
sys.exit(1 if failures or not files else 0)
