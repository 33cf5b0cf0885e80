"""Print the PostgreSQL URL to test against, or nothing when none answers.

VTH_TEST_DATABASE_URL wins; otherwise the usual local server (trust auth, database `test`)."""

import os
import sys

import psycopg

DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def main() -> None:
    url = os.environ.get("VTH_TEST_DATABASE_URL") or DEFAULT
    try:
        psycopg.connect(url.replace("+psycopg", ""), connect_timeout=3).close()
    except psycopg.Error as fout:
        if os.environ.get("VTH_TEST_DATABASE_URL"):
            sys.exit(f"VTH_TEST_DATABASE_URL is gezet maar PostgreSQL antwoordt niet: {fout}")
        return
    print(url)


if __name__ == "__main__":
    main()
