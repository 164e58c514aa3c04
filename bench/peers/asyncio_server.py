"""Echo peer on Python asyncio: streams (StreamReader/StreamWriter, as most code is written)
or a Protocol (the fastest pure-asyncio way), on the default loop or on uvloop.
Prints "asyncio-echo listening on 127.0.0.1:PORT"; runs until killed.

    python3 asyncio_server.py PORT streams|protocol [uvloop]
"""
import asyncio
import sys


class EchoProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


async def handle_stream(reader, writer):
    try:
        while True:
            data = await reader.read(16384)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    writer.close()


async def main(port, mode):
    loop = asyncio.get_running_loop()
    if mode == "streams":
        server = await asyncio.start_server(handle_stream, "127.0.0.1", port, backlog=4096)
    else:
        server = await loop.create_server(EchoProtocol, "127.0.0.1", port, backlog=4096)
    bound = server.sockets[0].getsockname()[1]
    print(f"asyncio-echo listening on 127.0.0.1:{bound}", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    port, mode = int(sys.argv[1]), sys.argv[2]
    if len(sys.argv) > 3 and sys.argv[3] == "uvloop":
        import uvloop
        uvloop.install()
    asyncio.run(main(port, mode))
