"""A real S3-compatible server for the storage tests: moto in server mode on a free loopback port,
in this process (so its state outlives the app processes that the two-host proof starts)."""

from __future__ import annotations

import os
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass

BUCKET = "vth-test"
SLEUTELS = {"AWS_ACCESS_KEY_ID": "testsleutel", "AWS_SECRET_ACCESS_KEY": "testgeheim",
            "AWS_DEFAULT_REGION": "eu-west-1"}


@dataclass
class ObjectServer:
    endpoint: str

    def omgeving(self, prefix: str) -> dict[str, str]:
        """What an app process needs to use this server (as a deployment sets it)."""
        return {**SLEUTELS, "VTH_STORAGE_URL": f"s3://{BUCKET}/{prefix}",
                "VTH_S3_ENDPOINT_URL": self.endpoint}

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=SLEUTELS["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=SLEUTELS["AWS_SECRET_ACCESS_KEY"],
                            region_name=SLEUTELS["AWS_DEFAULT_REGION"])

    def sleutels(self, prefix: str) -> list[str]:
        client = self.client()
        try:
            return [o["Key"] for pagina in client.get_paginator("list_objects_v2").paginate(
                Bucket=BUCKET, Prefix=prefix) for o in pagina.get("Contents", [])]
        finally:
            client.close()


@contextmanager
def moto_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    oud = {k: os.environ.get(k) for k in SLEUTELS}
    os.environ.update(SLEUTELS)  # boto3 in this process reads them like an app host does
    host, poort = server.get_host_and_port()
    objecten = ObjectServer(f"http://{host}:{poort}")
    try:
        client = objecten.client()
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        client.close()
        yield objecten
    finally:
        for k, v in oud.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        # moto keeps its state in this process: empty it, so the next server starts bare
        with urllib.request.urlopen(urllib.request.Request(f"{objecten.endpoint}/moto-api/reset",
                                                           method="POST"), timeout=10):
            pass
        server.stop()
