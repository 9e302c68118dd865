package io.llmgateway.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.llmgateway.gateway.core.AttributeKeys;
import io.llmgateway.gateway.core.LlmExchange;
import org.junit.jupiter.api.Test;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.Handle;
import org.springframework.asm.Label;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-request attribute keys are built by {@link AttributeKeys} and read only by their owner's package. The rule,
 * checked on the bytecode of every main class of the starter (ArchUnit imports the classes; its model has calls and
 * field accesses but not the arguments of a call, so each method's instructions are read with Spring's ASM):
 * <ol>
 * <li>A <b>key position</b> is the instruction right before {@code ServerWebExchange.getAttribute(key)} or
 * {@code getRequiredAttribute(key)}, and the instruction right after {@code ServerWebExchange.getAttributes()} or
 * {@code LlmExchange.attributes()} (the first argument of the map call that follows: {@code put}, {@code get},
 * {@code computeIfAbsent}, ...).</li>
 * <li>At a key position there must be a read of a {@code static final} field that its class initializes with
 * {@code AttributeKeys.of(...)}, in the same package as the reading class (a capability never reads another's key);
 * or a call of {@code AttributeKeys.of} itself; or a field of a framework class (Spring Cloud Gateway's own keys,
 * such as {@code ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR}); or, after {@code getAttributes()} only, the whole map
 * handed to a framework method.</li>
 * <li>Anything else is refused: a string literal (a constant field is inlined as one, so {@code static final String
 * K = "x"} is caught too), a field built otherwise, a local variable or parameter (the map stored in a variable and
 * used later is refused for the same reason: its key could not be checked), and
 * {@code getAttributeOrDefault}, whose key is not next to the call.</li>
 * </ol>
 * {@link #theRuleCatchesLiteralsVariablesAndHandMadeKeys} proves the checker finds each kind of violation.
 */
class AttributeKeysTests {

	private static final String EXCHANGE = Type.internal(ServerWebExchange.class);

	private static final String LLM_EXCHANGE = Type.internal(LlmExchange.class);

	private static final String KEYS = Type.internal(AttributeKeys.class);

	private static final String OWN = "io/llmgateway/";

	@Test
	void everyAttributeKeyIsBuiltByAttributeKeysAndReadInItsOwnersPackage() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.llmgateway.gateway");
		Scan scan = new Scan();
		for (JavaClass c : classes) {
			scan.read(c.reflect());
		}
		// LlmExchange.get and attachTo, the rate limiter's, spend's, tracing's and the token estimator's keys, ...
		assertThat(scan.uses).as("attribute accesses found (the checker sees the code)").hasSizeGreaterThan(10);
		assertThat(scan.violations()).isEmpty();
	}

	@Test
	void theRuleCatchesLiteralsVariablesAndHandMadeKeys() {
		Scan scan = new Scan();
		scan.read(Offender.class);
		assertThat(scan.violations()).hasSize(5)
			.anySatisfy(v -> assertThat(v).contains("literal").contains("literalPut"))
			.anySatisfy(v -> assertThat(v).contains("literal").contains("constantGet"))
			.anySatisfy(v -> assertThat(v).contains("HAND_MADE").contains("handMade"))
			.anySatisfy(v -> assertThat(v).contains("local or parameter").contains("keyFromParameter"))
			.anySatisfy(v -> assertThat(v).contains("getAttributeOrDefault"));
		Scan fine = new Scan();
		fine.read(WellBehaved.class);
		assertThat(fine.uses).hasSize(2);
		assertThat(fine.violations()).isEmpty();
	}

	/** What the checker must refuse. */
	@SuppressWarnings("unused")
	static final class Offender {

		static final String CONSTANT = "io.llmgateway.constant";

		static final String HAND_MADE = Offender.class.getName() + ".key";

		void literalPut(ServerWebExchange exchange) {
			exchange.getAttributes().put("io.llmgateway.literal", 1);
		}

		Object constantGet(ServerWebExchange exchange) {
			return exchange.getAttribute(CONSTANT);
		}

		Object handMade(LlmExchange llm) {
			return llm.attributes().get(HAND_MADE);
		}

		Object keyFromParameter(ServerWebExchange exchange, String key) {
			return exchange.getAttribute(key);
		}

		Object orDefault(ServerWebExchange exchange) {
			return exchange.getAttributeOrDefault(HAND_MADE, 1);
		}
	}

	/** What the checker must accept. */
	@SuppressWarnings("unused")
	static final class WellBehaved {

		static final String KEY = AttributeKeys.of(WellBehaved.class, "key");

		void put(ServerWebExchange exchange) {
			exchange.getAttributes().put(KEY, 1);
		}

		Object get(LlmExchange llm) {
			return llm.attributes().get(KEY);
		}
	}

	/** What was pushed by one instruction, as far as keys are concerned. */
	private record Push(Kind kind, String owner, String name) {

		enum Kind {
			LITERAL, FIELD, KEYS_OF, CALL, VARIABLE, OTHER
		}
	}

	/** One key position: where, which accessor, what was there. */
	private record Use(String where, String accessor, Push key) {
	}

	/** Reads classes, collects the fields built by AttributeKeys.of and every key position. */
	private static final class Scan {

		final Set<String> keyFields = new HashSet<>();

		final List<Use> uses = new ArrayList<>();

		final List<String> refused = new ArrayList<>();

		void read(Class<?> type) {
			String resource = "/" + Type.internal(type) + ".class";
			try (InputStream in = type.getResourceAsStream(resource)) {
				if (in == null) {
					return;
				}
				new ClassReader(in).accept(new Classes(), ClassReader.SKIP_FRAMES);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		List<String> violations() {
			List<String> out = new ArrayList<>(refused);
			for (Use use : uses) {
				String problem = problem(use);
				if (problem != null) {
					out.add(use.where() + " (" + use.accessor() + "): " + problem);
				}
			}
			return out;
		}

		private String problem(Use use) {
			Push key = use.key();
			String user = use.where().substring(0, use.where().indexOf('#'));
			return switch (key.kind()) {
				case KEYS_OF -> null;
				case FIELD -> {
					if (!key.owner().startsWith(OWN)) {
						yield null;
					}
					if (!keyFields.contains(key.owner() + "." + key.name())) {
						yield "key field " + key.name() + " of " + key.owner() + " is not built by AttributeKeys.of";
					}
					yield Type.packageOf(key.owner()).equals(Type.packageOf(user)) ? null
							: "reads " + key.owner() + "." + key.name() + ", another package's key";
				}
				case CALL -> key.owner().startsWith(OWN) || key.owner().startsWith("java/")
						|| !use.accessor().endsWith("getAttributes") ? "key computed by " + key.owner() + "." + key.name()
								: null;
				case LITERAL -> "a string literal (or inlined constant) \"" + key.name() + "\" as key";
				case VARIABLE -> "a local or parameter as key (or the attribute map kept in a variable)";
				case OTHER -> "a key that is not an AttributeKeys field";
			};
		}

		private final class Classes extends ClassVisitor {

			private String name;

			Classes() {
				super(Opcodes.ASM9);
			}

			@Override
			public void visit(int version, int access, String name, String signature, String superName,
					String[] interfaces) {
				this.name = name;
			}

			@Override
			public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
					String[] exceptions) {
				return new Instructions(name, method);
			}
		}

		/** Walks one method's instructions, remembering the previous one. */
		private final class Instructions extends MethodVisitor {

			private final String owner;

			private final String method;

			private Push last = new Push(Push.Kind.OTHER, "", "");

			/** The previous instruction obtained an attribute map: this one pushes its key. */
			private String mapFrom;

			private int line;

			Instructions(String owner, String method) {
				super(Opcodes.ASM9);
				this.owner = owner;
				this.method = method;
			}

			private String where() {
				return owner.replace('/', '.') + "#" + method + ":" + line;
			}

			private void next(Push push) {
				if (mapFrom != null) {
					uses.add(new Use(where(), mapFrom, push));
					mapFrom = null;
				}
				last = push;
			}

			@Override
			public void visitLineNumber(int line, Label start) {
				this.line = line;
			}

			@Override
			public void visitLdcInsn(Object value) {
				next(new Push(value instanceof String ? Push.Kind.LITERAL : Push.Kind.OTHER, "", String.valueOf(value)));
			}

			@Override
			public void visitFieldInsn(int opcode, String fieldOwner, String field, String descriptor) {
				if (opcode == Opcodes.PUTSTATIC && method.equals("<clinit>") && last.kind() == Push.Kind.KEYS_OF) {
					keyFields.add(fieldOwner + "." + field);
				}
				next(new Push(opcode == Opcodes.GETSTATIC ? Push.Kind.FIELD : Push.Kind.OTHER, fieldOwner, field));
			}

			@Override
			public void visitMethodInsn(int opcode, String callee, String name, String descriptor, boolean itf) {
				Push before = last;
				boolean keysOf = callee.equals(KEYS) && name.equals("of");
				next(new Push(keysOf ? Push.Kind.KEYS_OF : Push.Kind.CALL, callee, name));
				if (callee.equals(EXCHANGE) && (name.equals("getAttribute") || name.equals("getRequiredAttribute"))) {
					uses.add(new Use(where(), name, before));
				}
				else if (callee.equals(EXCHANGE) && name.equals("getAttributeOrDefault")) {
					refused.add(where() + ": getAttributeOrDefault (its key cannot be checked; use getAttribute)");
				}
				else if ((callee.equals(EXCHANGE) && name.equals("getAttributes"))
						|| (callee.equals(LLM_EXCHANGE) && name.equals("attributes"))) {
					mapFrom = callee.substring(callee.lastIndexOf('/') + 1) + "." + name;
				}
			}

			@Override
			public void visitVarInsn(int opcode, int variable) {
				next(new Push(Push.Kind.VARIABLE, "", ""));
			}

			@Override
			public void visitInsn(int opcode) {
				next(new Push(Push.Kind.OTHER, "", ""));
			}

			@Override
			public void visitIntInsn(int opcode, int operand) {
				next(new Push(Push.Kind.OTHER, "", ""));
			}

			@Override
			public void visitTypeInsn(int opcode, String type) {
				next(new Push(Push.Kind.OTHER, "", ""));
			}

			@Override
			public void visitJumpInsn(int opcode, Label label) {
				next(new Push(Push.Kind.OTHER, "", ""));
			}

			@Override
			public void visitIincInsn(int variable, int increment) {
				next(new Push(Push.Kind.OTHER, "", ""));
			}

			@Override
			public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
				// string concatenation and lambdas: a key computed here is no AttributeKeys field
				next(new Push(Push.Kind.CALL, "java/lang/invoke", name));
			}

			@Override
			public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
				next(new Push(Push.Kind.OTHER, "", ""));
			}

			@Override
			public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
				next(new Push(Push.Kind.OTHER, "", ""));
			}

			@Override
			public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
				next(new Push(Push.Kind.OTHER, "", ""));
			}
		}
	}

	private static final class Type {

		static String internal(Class<?> type) {
			return type.getName().replace('.', '/');
		}

		static String packageOf(String internalOrDotted) {
			String dotted = internalOrDotted.replace('/', '.');
			String outer = dotted.contains("$") ? dotted.substring(0, dotted.indexOf('$')) : dotted;
			return outer.substring(0, outer.lastIndexOf('.'));
		}
	}
}
