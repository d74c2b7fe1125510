package io.maestro.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server that reads one request and never answers, and notices when the client
 * drops the connection: what a hung service looks like from the client.
 */
final class SilentServer implements AutoCloseable {

    private final ServerSocket socket;
    private final CountDownLatch requestReceived = new CountDownLatch(1);
    private final CountDownLatch connectionDropped = new CountDownLatch(1);
    private final Thread acceptor;

    SilentServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serveOne, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    boolean awaitRequest(long millis) throws InterruptedException {
        return requestReceived.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Whether the client closed the connection within the time. */
    boolean awaitDroppedConnection(long millis) throws InterruptedException {
        return connectionDropped.await(millis, TimeUnit.MILLISECONDS);
    }

    private void serveOne() {
        try (Socket client = socket.accept()) {
            InputStream in = client.getInputStream();
            int matched = 0;
            int b;
            while ((b = in.read()) != -1) { // read up to the end of the request headers
                matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
                if (matched == 4) {
                    requestReceived.countDown();
                    break;
                }
            }
            while (in.read() != -1) {
                // the client sends nothing more; read() returns -1 when it closes
            }
            connectionDropped.countDown();
        } catch (IOException e) {
            connectionDropped.countDown(); // reset by the client
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
