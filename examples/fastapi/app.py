"""The seed article's stack, for `compare` to measure beside offload (examples/fastapi/README.md).

A CPU endpoint written the two ways FastAPI allows: `def` (FastAPI runs it on its thread pool, where the
interpreter lock lets one thread compute at a time) and `async def` (it runs on the worker's event loop and stalls
every other request of that worker while it computes). A blocking sleep, and /health answered on the loop. Every
answer names the process (pid) that served it, so a burst shows how gunicorn spread it over its workers.
"""
import os
import time

from fastapi import FastAPI

app = FastAPI()


def spin(n: int) -> int:
    """Pure-Python CPU work that holds the interpreter lock: n loop iterations."""
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


@app.get("/gil")
def gil(n: int):
    return {"pid": os.getpid(), "n": n, "result": spin(n)}


@app.get("/gil-async")
async def gil_async(n: int):
    return {"pid": os.getpid(), "n": n, "result": spin(n)}


@app.get("/sleep")
def sleep(ms: int):
    time.sleep(ms / 1000)
    return {"pid": os.getpid(), "slept": ms}


@app.get("/health")
async def health():
    return {"status": "up", "pid": os.getpid()}
