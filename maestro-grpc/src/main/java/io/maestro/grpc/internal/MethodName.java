package io.maestro.grpc.internal;

import io.maestro.MaestroException;
import java.util.regex.Pattern;

/**
 * A step's method as written: {@code VerifyIdentity}, {@code kyc.v1.KycService/VerifyIdentity},
 * {@code /kyc.v1.KycService/VerifyIdentity} or {@code kyc.v1.KycService.VerifyIdentity}.
 *
 * @param service the service's full name, or {@code null} for a short name
 */
record MethodName(String service, String method) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DOTTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    /** @throws MaestroException {@code grpc_method_not_found} for a string that names no method */
    static MethodName parse(String text) {
        String s = text.trim();
        if (s.startsWith("/")) {
            s = s.substring(1);
        }
        int slash = s.lastIndexOf('/');
        int cut = slash >= 0 ? slash : s.lastIndexOf('.');
        String service = cut >= 0 ? s.substring(0, cut) : null;
        String method = cut >= 0 ? s.substring(cut + 1) : s;
        if (!IDENTIFIER.matcher(method).matches() || (service != null && !DOTTED.matcher(service).matches())) {
            throw new MaestroException("grpc_method_not_found", "'" + text + "' is not a gRPC method name: write Method, "
                    + "package.Service/Method or package.Service.Method", false);
        }
        return new MethodName(service, method);
    }

    @Override
    public String toString() {
        return service == null ? method : service + "/" + method;
    }
}
