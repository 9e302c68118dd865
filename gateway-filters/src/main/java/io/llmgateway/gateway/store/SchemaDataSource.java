package io.llmgateway.gateway.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's {@code DataSource} seen by the gateway: every borrowed connection is switched to the gateway's
 * schema and switched back before it returns to the application's pool, so the application never sees the gateway's
 * tables and the gateway never writes into the application's schema.
 */
final class SchemaDataSource extends DelegatingDataSource {

	private final String schema;

	SchemaDataSource(DataSource target, String schema) {
		super(target);
		this.schema = schema;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return bind(super.getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return bind(super.getConnection(username, password));
	}

	private Connection bind(Connection c) throws SQLException {
		String previous;
		try {
			previous = c.getSchema();
			c.setSchema(schema);
		}
		catch (SQLException | RuntimeException ex) {
			c.close();
			throw ex;
		}
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
				new Restoring(c, previous));
	}

	/** Restores the application's schema when the gateway closes the connection. */
	private static final class Restoring implements InvocationHandler {

		private final Connection target;

		private final String previous;

		private boolean closed;

		Restoring(Connection target, String previous) {
			this.target = target;
			this.previous = previous;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			String name = method.getName();
			if (name.equals("close")) {
				if (!closed) {
					closed = true;
					try {
						if (previous != null && !target.isClosed()) {
							target.setSchema(previous);
						}
					}
					catch (SQLException ignored) {
						// a broken connection: the pool discards it
					}
					target.close();
				}
				return null;
			}
			if (name.equals("isClosed")) {
				return closed || target.isClosed();
			}
			if (name.equals("unwrap") && args[0] == Connection.class) {
				return proxy;
			}
			if (name.equals("equals")) {
				return proxy == args[0];
			}
			if (name.equals("hashCode")) {
				return System.identityHashCode(proxy);
			}
			try {
				return method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}
	}
}
