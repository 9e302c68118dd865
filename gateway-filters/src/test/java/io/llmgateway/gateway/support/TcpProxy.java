package io.llmgateway.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny TCP forwarder that tests close (cutting every connection) and reopen on the same port: a database outage. */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile ServerSocket server;

	private int port;

	public TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		open();
	}

	public int port() {
		return port;
	}

	public synchronized void open() throws IOException {
		if (server != null && !server.isClosed()) {
			return;
		}
		ServerSocket s = new ServerSocket();
		s.setReuseAddress(true);
		for (int attempt = 0;; attempt++) {
			try {
				s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
				break;
			}
			catch (java.net.BindException ex) {
				// the port may linger for a moment after a cut on a busy machine
				if (attempt == 50) {
					throw ex;
				}
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ie) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
		port = s.getLocalPort();
		server = s;
		Thread t = new Thread(() -> accept(s), "tcp-proxy-accept");
		t.setDaemon(true);
		t.start();
	}

	/** Stops listening and cuts every open connection. */
	public synchronized void cut() throws IOException {
		server.close();
		for (Socket s : sockets) {
			try {
				s.close();
			}
			catch (IOException ignored) {
				// already closed
			}
		}
		sockets.clear();
	}

	private void accept(ServerSocket s) {
		while (!s.isClosed()) {
			try {
				Socket client = s.accept();
				Socket upstream = new Socket(targetHost, targetPort);
				sockets.add(client);
				sockets.add(upstream);
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException ex) {
				// closed by cut()
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread t = new Thread(() -> {
			byte[] buf = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int n;
				while ((n = in.read(buf)) >= 0) {
					out.write(buf, 0, n);
					out.flush();
				}
			}
			catch (IOException ex) {
				// connection cut
			}
			finally {
				try {
					from.close();
					to.close();
				}
				catch (IOException ignored) {
					// already closed
				}
			}
		}, "tcp-proxy-pump");
		t.setDaemon(true);
		t.start();
	}

	@Override
	public void close() throws IOException {
		cut();
	}
}
