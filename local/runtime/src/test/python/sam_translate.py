"""Transforms a SAM template to CloudFormation with aws-sam-translator, offline.

Usage: python3 sam_translate.py TEMPLATE [OUTPUT]. Exits 0 and writes the CloudFormation JSON (to OUTPUT when given),
or prints the translator's errors and exits 1. As `sam package` would, local code paths become S3 locations (the
file must exist) and state machine files are inlined (they must parse). AWS managed policies named by short name
resolve to their ARNs without an AWS account (the translator would otherwise list them through IAM). A role with
more than the 10 managed policies IAM allows by default is an error too.
"""

import json
import os
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class OfflinePolicyLoader:
    """Maps a managed policy's name to its ARN in the aws partition, as the IAM lookup would."""

    def load(self):
        return _AnyPolicyName()


class _AnyPolicyName(dict):
    def __contains__(self, name):
        return isinstance(name, str) and not name.startswith("arn:")

    def get(self, name, default=None):
        return self[name] if name in self else default

    def __getitem__(self, name):
        return "arn:aws:iam::aws:policy/" + name


def packaged(template, base):
    """The template as `sam package` leaves it: code on S3, workflow definitions inline."""
    problems = []
    for logical_id, resource in template.get("Resources", {}).items():
        properties = resource.get("Properties", {})
        kind = resource.get("Type")
        if kind == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
            path = properties["CodeUri"]
            if not path.startswith("s3://"):
                properties["CodeUri"] = "s3://packaged-code/" + path
        elif kind == "AWS::Serverless::StateMachine" and isinstance(properties.get("DefinitionUri"), str):
            path = os.path.join(base, properties.pop("DefinitionUri"))
            try:
                with open(path, encoding="utf-8") as f:
                    properties["Definition"] = json.load(f)
            except (OSError, ValueError) as e:
                problems.append("%s: cannot read its definition %s: %s" % (logical_id, path, e))
    return problems


def main(argv):
    if len(argv) < 2:
        print("usage: sam_translate.py TEMPLATE [OUTPUT]", file=sys.stderr)
        return 2
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(argv[1], encoding="utf-8") as f:
        template = yaml_parse(f.read())
    problems = packaged(template, os.path.dirname(os.path.abspath(argv[1])))
    for problem in problems:
        print("package error: " + problem)
    if problems:
        return 1
    try:
        output = transform(template, {}, OfflinePolicyLoader())
    except InvalidDocumentException as e:
        for cause in e.causes:
            print("transform error: " + cause.message)
        return 1
    over = [
        "%s has %d managed policies; IAM allows a role 10 unless the quota is raised" % (logical_id, len(arns))
        for logical_id, resource in output.get("Resources", {}).items()
        if resource.get("Type") == "AWS::IAM::Role"
        for arns in [resource.get("Properties", {}).get("ManagedPolicyArns", [])]
        if len(arns) > 10
    ]
    for problem in over:
        print("quota error: " + problem)
    if over:
        return 1
    text = json.dumps(output, indent=1, sort_keys=True)
    if len(argv) > 2:
        with open(argv[2], "w", encoding="utf-8") as f:
            f.write(text)
    resources = output.get("Resources", {})
    print("transformed: %d CloudFormation resources" % len(resources))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
