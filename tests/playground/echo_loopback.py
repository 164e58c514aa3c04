"""What asyncio does where echo_server.c's simulated network differs (docs/playground.md):
the start of the echo example, written as echo_server.c is (a server task accepting in a loop,
clients that connect and then say so), run by asyncio over real loopback sockets. The server
accepts all three connections and stops accepting before alice prints "connected": a
non-blocking connect completes at the next I/O poll, where the listener is found readable too.
The simulated connect completes at once instead (tests/node/playground_views.test.mjs checks
that the example says so and does so). Exits 1 if asyncio's order is not that."""
import asyncio
import socket
import sys

EXPECTED = [
    "server listening",
    'server accepted a connection: spawns task "conn 1"',
    'server accepted a connection: spawns task "conn 2"',
    'server accepted a connection: spawns task "conn 3"',
    "server stopped accepting",
    "alice connected",
    "bob connected",
    "carol connected",
]


async def main(lines):
    loop = asyncio.get_running_loop()
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        connections = []

        async def server():
            lines.append("server listening")
            for n in range(1, 4):
                connection, _ = await loop.sock_accept(listener)
                connections.append(connection)
                lines.append(f'server accepted a connection: spawns task "conn {n}"')
            lines.append("server stopped accepting")

        async def client(name):
            with socket.socket() as sock:
                sock.setblocking(False)
                await loop.sock_connect(sock, ("127.0.0.1", port))
                lines.append(f"{name} connected")

        await asyncio.gather(server(), *(client(name) for name in ("alice", "bob", "carol")))
        for connection in connections:
            connection.close()


lines = []
asyncio.run(main(lines))
if lines != EXPECTED:
    sys.exit("asyncio on loopback printed:\n" + "\n".join(lines))
print("asyncio on loopback: the server accepts all three before alice prints \"connected\"")
