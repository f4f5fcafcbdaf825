#!/usr/bin/env python3
"""A stand-in Harmony 0.12 mesh member, for HarmonyGen's interoperability tests.

It mints and validates local-provider mesh tokens exactly as Harmony's
src/models/middleware/types/mesh_auth.rs does with jsonwebtoken 9.3, using an
independent JWT implementation (PyJWT) configured the same way:

  minting (generate_local_jwt): header {"typ": "JWT", "alg": ALG} with no kid;
  claims sub = "harmony-proxy" (fixed in Harmony, not configurable), iss = the
  mesh name, iat = now, exp = iat + 300, mesh_id = the mesh id or else its name,
  and no aud.

  validating (validate_local_jwt): Validation::new(alg) with validate_exp and
  leeway 60, so: only the mesh's algorithm; the signature; exp required and not
  past by more than 60 s; nbf not checked; iat not checked (beyond being an
  integer); iss neither checked nor matched against anything, but required as a
  string; sub optional; aud: no expected audience is set, so a token that
  carries aud is refused (jsonwebtoken 9 InvalidAudience, Keats/jsonwebtoken#422;
  PyJWT raises InvalidAudienceError the same way); kid ignored. Then the claims
  are read as Harmony's MeshClaims struct (iss: String, iat: i64, exp: i64,
  mesh_id: String, sub and aud: Option<String>) and mesh_id must equal the mesh
  id (or name). Any failure is Harmony's AuthFailure, which its HTTP adapter
  answers 401.

Usage: harmony_member.py --mesh NAME [--mesh-id ID] --alg HS256|RS256
       [--secret-env VAR] [--public-key PEM] [--private-key PEM]

It listens on 127.0.0.1, on a free port, and prints "LISTENING <port>" on its
first line of standard output. Requests:

  GET /mint            a token minted as Harmony mints one (text/plain)
  any other request    an ingress: 200 with a JSON description of what it
                       received (method, path, headers, the token's header and
                       claims), or 401 with {"error": ...} as Harmony refuses it

It stops when its standard input closes (the test process went away) or on
SIGTERM.
"""

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt  # PyJWT: Debian's python3-jwt

LEEWAY_SECONDS = 60
LIFETIME_SECONDS = 300
HARMONY_SUBJECT = "harmony-proxy"


class Member:
    def __init__(self, args):
        self.mesh = args.mesh
        self.mesh_id = args.mesh_id or args.mesh
        self.alg = args.alg
        self.signing_key = None
        self.verifying_key = None
        if args.alg == "HS256":
            secret = os.environ.get(args.secret_env or "", "")
            if not secret:
                raise SystemExit("HS256 needs --secret-env naming a set variable")
            # Harmony: EncodingKey/DecodingKey::from_secret(secret.as_bytes())
            self.signing_key = self.verifying_key = secret.encode("utf-8")
        elif args.alg == "RS256":
            if args.private_key:
                with open(args.private_key, "rb") as f:
                    self.signing_key = f.read()
            if args.public_key:
                with open(args.public_key, "rb") as f:
                    self.verifying_key = f.read()
        else:
            raise SystemExit("--alg must be HS256 or RS256")

    def mint(self):
        if self.signing_key is None:
            raise ValueError("no signing key")
        now = int(time.time())
        claims = {
            "sub": HARMONY_SUBJECT,
            "iss": self.mesh,
            "iat": now,
            "exp": now + LIFETIME_SECONDS,
            "mesh_id": self.mesh_id,
        }
        return jwt.encode(claims, self.signing_key, algorithm=self.alg, headers={"typ": "JWT"})

    def validate(self, token):
        """Harmony's validate_local_jwt: the claims, or raise with the reason."""
        if self.verifying_key is None:
            raise ValueError("No decoding key configured for local mesh JWT validation")
        claims = jwt.decode(
            token,
            self.verifying_key,
            algorithms=[self.alg],           # Validation::new(alg)
            leeway=LEEWAY_SECONDS,           # validation.leeway = 60
            options={
                "require": ["exp"],          # required_spec_claims = {"exp"}
                "verify_exp": True,          # validation.validate_exp = true
                "verify_nbf": False,         # validate_nbf defaults to false
                "verify_iat": False,         # jsonwebtoken never checks iat
                "verify_aud": True,          # validate_aud defaults to true; no audience set
                "verify_iss": False,         # no set_issuer on the local path
            },
        )
        # serde: MeshClaims { sub: Option<String>, iss: String, aud: Option<String>, iat: i64, exp: i64, mesh_id: String }
        for name in ("iss", "mesh_id"):
            if not isinstance(claims.get(name), str):
                raise ValueError(f"claim {name} is not a string")
        for name in ("iat", "exp"):
            if not isinstance(claims.get(name), int) or isinstance(claims.get(name), bool):
                raise ValueError(f"claim {name} is not an integer")
        for name in ("sub", "aud"):
            if name in claims and claims[name] is not None and not isinstance(claims[name], str):
                raise ValueError(f"claim {name} is not a string")
        if claims["mesh_id"] != self.mesh_id:
            raise ValueError("Mesh JWT mesh_id mismatch")
        return claims


def handler_for(member):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # never log requests (tokens)
            pass

        def answer(self, status, body, content_type="application/json"):
            data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            if self.path == "/mint":
                try:
                    self.answer(200, member.mint().encode("ascii"), "text/plain")
                except ValueError as e:
                    self.answer(500, {"error": str(e)})
                return

            # extract_token: "authorization" header, "Bearer " prefix (case-sensitive), the rest is the token
            auth = self.headers.get("Authorization")
            if auth is None or not auth.startswith("Bearer "):
                self.answer(401, {"error": "Missing mesh Authorization header"})
                return
            token = auth[len("Bearer "):]
            try:
                claims = member.validate(token)
                header = jwt.get_unverified_header(token)
            except Exception as e:  # every failure is an AuthFailure: 401
                self.answer(401, {"error": "Invalid mesh JWT", "reason": type(e).__name__})
                return
            self.answer(200, {
                "member": "harmony-standin",
                "method": self.command,
                "path": self.path,
                "headers": {k: v for k, v in self.headers.items() if k.lower() != "authorization"},
                "token_header": header,
                "claims": claims,
                "body_length": len(body),
            })

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = serve

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mesh", required=True)
    parser.add_argument("--mesh-id")
    parser.add_argument("--alg", required=True)
    parser.add_argument("--secret-env")
    parser.add_argument("--public-key")
    parser.add_argument("--private-key")
    args = parser.parse_args()
    member = Member(args)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(member))
    server.daemon_threads = True
    print(f"LISTENING {server.server_address[1]}", flush=True)

    def watch_stdin():
        sys.stdin.read()  # returns when the parent closes the pipe or exits
        server.shutdown()

    threading.Thread(target=watch_stdin, daemon=True).start()
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
