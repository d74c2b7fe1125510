package io.maestro.internal.expression;

import java.util.Map;
import java.util.Set;
import org.mvel2.integration.VariableResolver;
import org.mvel2.integration.VariableResolverFactory;

/**
 * The only way MVEL sees data: the context as the variable {@code root} and an expression's
 * constants as {@code k0, k1, ...}. Read-only: MVEL cannot create or change a variable.
 * One instance per evaluation; the constant resolvers are shared.
 */
final class ContextVariables implements VariableResolverFactory {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, VariableResolver> constants;
    private final ReadOnlyVariable root;

    ContextVariables(Map<String, VariableResolver> constants, Map<String, ?> context) {
        this.constants = constants;
        this.root = new ReadOnlyVariable(MvelTranslator.ROOT, context);
    }

    @Override
    public VariableResolver getVariableResolver(String name) {
        if (MvelTranslator.ROOT.equals(name)) {
            return root;
        }
        VariableResolver constant = constants.get(name);
        if (constant == null) {
            throw new IllegalStateException("generated MVEL source refers to unknown variable " + name);
        }
        return constant;
    }

    @Override
    public boolean isResolveable(String name) {
        return MvelTranslator.ROOT.equals(name) || constants.containsKey(name);
    }

    @Override
    public boolean isTarget(String name) {
        return isResolveable(name);
    }

    @Override
    public Set<String> getKnownVariables() {
        return constants.keySet();
    }

    @Override
    public VariableResolver createVariable(String name, Object value) {
        throw readOnly(name);
    }

    @Override
    public VariableResolver createVariable(String name, Object value, Class<?> type) {
        throw readOnly(name);
    }

    @Override
    public VariableResolver createIndexedVariable(int index, String name, Object value) {
        throw readOnly(name);
    }

    @Override
    public VariableResolver createIndexedVariable(int index, String name, Object value, Class<?> type) {
        throw readOnly(name);
    }

    @Override
    public VariableResolver setIndexedVariableResolver(int index, VariableResolver resolver) {
        throw readOnly(resolver.getName());
    }

    @Override
    public VariableResolver getIndexedVariableResolver(int index) {
        throw new UnsupportedOperationException("expression variables are not indexed");
    }

    @Override
    public VariableResolverFactory getNextFactory() {
        return null;
    }

    @Override
    public VariableResolverFactory setNextFactory(VariableResolverFactory factory) {
        throw new UnsupportedOperationException("expression variables cannot be chained");
    }

    @Override
    public int variableIndexOf(String name) {
        return -1;
    }

    @Override
    public boolean isIndexedFactory() {
        return false;
    }

    @Override
    public boolean tiltFlag() {
        return false;
    }

    @Override
    public void setTiltFlag(boolean tilt) {
        // Only set by MVEL statements (loops, returns) that generated source never contains.
    }

    private static UnsupportedOperationException readOnly(String name) {
        return new UnsupportedOperationException("expression variables are read-only: " + name);
    }

    /** A variable whose value never changes. */
    static final class ReadOnlyVariable implements VariableResolver {

        private static final long serialVersionUID = 1L;

        private final String name;
        private final transient Object value;

        ReadOnlyVariable(String name, Object value) {
            this.name = name;
            this.value = value;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Class<?> getType() {
            return Object.class;
        }

        @Override
        @SuppressWarnings("rawtypes") // MVEL's interface declares a raw Class
        public void setStaticType(Class type) {
            // The type is always Object.
        }

        @Override
        public int getFlags() {
            return 0;
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public void setValue(Object value) {
            throw readOnly(name);
        }
    }
}
