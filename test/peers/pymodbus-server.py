"""A Modbus TCP or RTU server for Onramp's tests, built on pymodbus (Debian python3-pymodbus 3.0).

Usage:
  pymodbus-server.py --map MAP.json --tcp-port PORT        (PORT 0: an ephemeral port)
  pymodbus-server.py --map MAP.json --serial PATH --baud B (RTU on a serial line or pty)

MAP.json:
  {"units": {"1": {"holding": {"0": [1, 2, 3], "40": [7]}, "input": {...},
                   "coils": {"0": [1, 0]}, "discrete": {...}}},
   "identity": {"VendorName": "...", "ProductCode": "...", "MajorMinorRevision": "..."}}
Each table is sparse: a request touching an address no block covers answers exception 02
(illegal data address), which is how the tests model devices with holes in their map.

pymodbus does the Modbus work (framing, CRC, request decoding and execution against its
datastore, exception responses, FC43 device identification). The socket and serial loops are
ours because pymodbus.server imports serial_asyncio, a Debian *Recommends* that a
--no-install-recommends install (CI) leaves out.

Prints "READY <port>" on stdout once it serves (0 for serial). Commands on stdin, one per line,
each answered with "OK <command>": "mute U" (unit U stops answering, as if unplugged), "unmute U".
The server exits when stdin closes, so it never outlives the test that started it.
"""

import argparse
import asyncio
import json
import logging
import sys
import threading

from pymodbus.datastore import ModbusSlaveContext, ModbusSparseDataBlock
from pymodbus.device import ModbusControlBlock, ModbusDeviceIdentification
from pymodbus.factory import ServerDecoder
from pymodbus.framer.rtu_framer import ModbusRtuFramer
from pymodbus.framer.socket_framer import ModbusSocketFramer

TABLES = {"holding": "hr", "input": "ir", "coils": "co", "discrete": "di"}


class Units:
    """The unit contexts, and which of them are muted (thread-safe: RTU serves from a thread)."""

    def __init__(self, spec):
        self.contexts = {int(unit): unit_context(tables) for unit, tables in spec.items()}
        self.muted = set()
        self.lock = threading.Lock()

    def execute(self, request):
        """The response to send, or None when the unit is unknown or muted (the client times out)."""
        with self.lock:
            if request.unit_id in self.muted:
                return None
            context = self.contexts.get(request.unit_id)
            if context is None:
                return None
            response = request.execute(context)
        response.transaction_id = request.transaction_id
        response.unit_id = request.unit_id
        return response

    def command(self, line):
        words = line.split()
        if len(words) == 2 and words[0] in ("mute", "unmute") and words[1].isdigit():
            unit = int(words[1])
            with self.lock:
                if words[0] == "mute":
                    self.muted.add(unit)
                else:
                    self.muted.discard(unit)
            return f"OK {line}"
        return f"ERROR unknown command: {line}"


def unit_context(tables):
    stores = {}
    for name, key in TABLES.items():
        values = {}
        for start, block in (tables.get(name) or {}).items():
            for offset, value in enumerate(block):
                values[int(start) + offset] = int(value)
        stores[key] = ModbusSparseDataBlock(values)
    return ModbusSlaveContext(zero_mode=True, **stores)


def serve_frames(framer, units, data, write):
    """Feeds received bytes to the framer; every complete request is executed and answered."""

    def answer(request):
        response = units.execute(request)
        if response is not None:
            write(framer.buildPacket(response))

    # single=True: take every unit id off the wire and decide in Units.execute, so that a frame
    # for a muted unit is dropped alone rather than with the frames buffered behind it.
    framer.processIncomingPacket(data, answer, unit=0, single=True)


async def serve_tcp(units, port):
    async def on_connection(reader, writer):
        framer = ModbusSocketFramer(ServerDecoder(), client=None)
        try:
            while data := await reader.read(4096):
                serve_frames(framer, units, data, writer.write)
        except ConnectionError:
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(on_connection, "127.0.0.1", port, reuse_address=True)
    return server, server.sockets[0].getsockname()[1]


def serve_serial(units, path, baud):
    import serial  # python3-serial: only the RTU mode needs it

    line = serial.Serial(path, baudrate=baud, timeout=0.05)
    framer = ModbusRtuFramer(ServerDecoder(), client=None)

    def loop():
        while True:
            data = line.read(line.in_waiting or 1)
            if data:
                serve_frames(framer, units, data, line.write)

    threading.Thread(target=loop, daemon=True).start()


async def main_async(args):
    with open(args.map, encoding="utf-8") as file:
        spec = json.load(file)
    if spec.get("identity"):
        identity = ModbusDeviceIdentification(info_name=spec["identity"])
        ModbusControlBlock().Identity.update(identity)
    units = Units(spec["units"])
    if args.serial:
        serve_serial(units, args.serial, args.baud)
        port = 0
    else:
        _server, port = await serve_tcp(units, args.tcp_port)
    print(f"READY {port}", flush=True)

    loop = asyncio.get_running_loop()
    stopped = asyncio.Event()

    def read_stdin():
        for text in sys.stdin:
            if text.strip():
                print(units.command(text.strip()), flush=True)
        loop.call_soon_threadsafe(stopped.set)

    threading.Thread(target=read_stdin, daemon=True).start()
    await stopped.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--map", required=True)
    parser.add_argument("--tcp-port", type=int, default=0)
    parser.add_argument("--serial")
    parser.add_argument("--baud", type=int, default=19200)
    logging.disable(logging.ERROR)  # pymodbus logs every exception response it sends at ERROR
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
