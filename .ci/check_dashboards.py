#!/usr/bin/env python3
"""Static checks of the Grafana dashboards under ops/grafana/dashboards/ (run by .ci/run).

1. Every file is valid JSON with a uid, a title and unique panel ids.
2. Every datasource a panel or query names is one that ops/grafana/provisioning/datasources/ provisions.
3. Every PromQL expression parses: Grafana's macros and template variables are replaced by sample values
   ($__rate_interval -> 1m, $model -> .*) and the expressions are written as recording rules into a
   temporary file that `promtool check rules` parses with Prometheus's own parser.

Usage: check_dashboards.py [REPO_ROOT]   (needs promtool on PATH; PyYAML is used if present)
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
dash_dir = root / "ops/grafana/dashboards"
ds_dir = root / "ops/grafana/provisioning/datasources"
errors = []


def provisioned_datasource_uids():
    uids = set()
    for f in sorted(ds_dir.glob("*.y*ml")):
        text = f.read_text()
        try:
            import yaml  # PyYAML comes with Debian's docker-compose; fall back to a regex without it
            for ds in (yaml.safe_load(text) or {}).get("datasources", []):
                if "uid" in ds:
                    uids.add(str(ds["uid"]))
        except ImportError:
            uids.update(m.group(1).strip("'\"") for m in re.finditer(r"^\s*uid:\s*(\S+)", text, re.M))
    return uids


def datasource_refs(node, path="$"):
    """Every {"type": "prometheus", "uid": ...} datasource reference anywhere in the dashboard, with its JSON path."""
    if isinstance(node, dict):
        ds = node.get("datasource")
        if isinstance(ds, dict) and ds.get("type") == "prometheus":
            yield path, ds.get("uid")
        for k, v in node.items():
            yield from datasource_refs(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from datasource_refs(v, f"{path}[{i}]")


def walk_panels(panels):
    for p in panels:
        yield p
        yield from walk_panels(p.get("panels", []))


MACROS = {
    "$__rate_interval": "1m", "${__rate_interval}": "1m", "$__interval": "15s", "${__interval}": "15s",
    "$__range": "1h", "${__range}": "1h", "$__range_s": "3600", "$__range_ms": "3600000",
    "$__interval_ms": "15000", "$__interval_s": "15",
}


def to_promql(expr):
    for macro, value in MACROS.items():
        expr = expr.replace(macro, value)
    # Remaining template variables: ${var}, ${var:format}, [[var]], $var  -> a regex that matches anything
    expr = re.sub(r"\$\{[A-Za-z_][A-Za-z0-9_]*(?::[^}]*)?\}|\[\[[A-Za-z_][A-Za-z0-9_]*\]\]|\$[A-Za-z_][A-Za-z0-9_]*", ".*", expr)
    return expr


def variable_selector(query):
    """label_values(<selector>, label) -> <selector>; other variable queries -> None (not PromQL)."""
    m = re.fullmatch(r"\s*label_values\((.*),\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*", query, re.S)
    return m.group(1) if m else None


uids = provisioned_datasource_uids()
if not uids:
    errors.append(f"{ds_dir}: no datasource with a uid is provisioned")
exprs = []
files = sorted(dash_dir.glob("*.json"))
if not files:
    errors.append(f"{dash_dir}: no dashboards")
for f in files:
    rel = f.relative_to(root)
    try:
        dash = json.loads(f.read_text())
    except json.JSONDecodeError as e:
        errors.append(f"{rel}: invalid JSON: {e}")
        continue
    for key in ("uid", "title", "panels"):
        if not dash.get(key):
            errors.append(f"{rel}: missing '{key}'")
    for path, uid in datasource_refs(dash):
        if uid not in uids:
            errors.append(f"{rel}: {path}: datasource uid '{uid}' is not provisioned (provisioned: {sorted(uids)})")
    ids = {}
    for p in walk_panels(dash.get("panels", [])):
        where = f"{rel}: panel {p.get('id')} '{p.get('title', '')}'"
        if p.get("id") in ids:
            errors.append(f"{where}: duplicate panel id (also '{ids[p['id']]}')")
        ids[p.get("id")] = p.get("title", "")
        for t in p.get("targets", []):
            if t.get("expr"):
                exprs.append((where + f" target {t.get('refId')}", t["expr"]))
        if p.get("type") not in ("row", "text") and not p.get("targets"):
            errors.append(f"{where}: no queries")
    for v in dash.get("templating", {}).get("list", []):
        q = v.get("query")
        q = q.get("query") if isinstance(q, dict) else q
        if v.get("type") == "query" and isinstance(q, str):
            sel = variable_selector(q)
            if sel:
                exprs.append((f"{rel}: variable ${v.get('name')}", sel))

if exprs:
    with tempfile.TemporaryDirectory() as tmp:
        rules = pathlib.Path(tmp, "dashboard-exprs.yml")
        # JSON is valid YAML: write the rule file as JSON to avoid quoting problems.
        rules.write_text(json.dumps({"groups": [{"name": "dashboard-expressions", "rules": [
            {"record": f"dashboard_expression_{i}", "expr": to_promql(e)} for i, (_, e) in enumerate(exprs)]}]}, indent=1))
        result = subprocess.run(["promtool", "check", "rules", str(rules)], capture_output=True, text=True)
        if result.returncode != 0:
            output = result.stdout + result.stderr
            errors.append("promtool rejected a dashboard expression:\n" + output)
            for i, (where, e) in enumerate(exprs):
                if f"dashboard_expression_{i}\"" in output or f"dashboard_expression_{i}:" in output or f"rule {i + 1}:" in output:
                    errors.append(f"  {where}: {e}")

if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
print(f"dashboards OK: {len(files)} file(s), {len(exprs)} PromQL expressions parse, datasources {sorted(uids)}")
