# A TCP proxy between a REPL client and QEMU's serial (-serial tcp:...),
# counting the bytes on the wire each way: when a client connection closes,
# one line "SENT RECEIVED" (client to device, device to client) is appended
# to the count file.
#   wire_proxy.py LISTEN_PORT TARGET_PORT COUNT_FILE
import select, socket, sys

listen_port, target_port, count_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", listen_port))
server.listen(1)
import time
for attempt in range(100):  # QEMU may still be starting
    try:
        target = socket.create_connection(("127.0.0.1", target_port))
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("wire_proxy: cannot reach 127.0.0.1:%d" % target_port)
client = None
sent = received = 0
while True:
    ready, _, _ = select.select([server, target] + ([client] if client else []), [], [])
    if server in ready and client is None:
        client, _ = server.accept()
        sent = received = 0
    if target in ready:
        data = target.recv(65536)
        if not data:
            break
        if client:
            received += len(data)
            try:
                client.sendall(data)
            except OSError:
                pass
    if client and client in ready:
        try:
            data = client.recv(65536)
        except OSError:
            data = b""
        if data:
            sent += len(data)
            target.sendall(data)
        else:
            client.close()
            client = None
            with open(count_file, "a") as f:
                f.write("%d %d\n" % (sent, received))
