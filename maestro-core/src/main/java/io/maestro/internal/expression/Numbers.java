package io.maestro.internal.expression;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Arithmetic and ordering over the mixed number types JSON-like data brings (Integer, Long,
 * Double, BigDecimal, BigInteger, ...). Integral results are narrowed to Integer when they fit,
 * so results look like what a JSON parser would produce.
 */
final class Numbers {

    enum Operation { ADD, SUBTRACT, MULTIPLY, DIVIDE, REMAINDER }

    // The widest representation two operands need, in increasing order of generality.
    private enum Kind { INTEGRAL, BIG_INTEGRAL, DECIMAL, FLOATING }

    private static final long EXACT_DOUBLE_LIMIT = 1L << 53;

    private Numbers() {}

    static Number normalize(long value) {
        // Two returns, not ?: which would promote the Integer to a long and box it as a Long.
        if (value == (int) value) {
            return Integer.valueOf((int) value);
        }
        return Long.valueOf(value);
    }

    static Number normalize(BigInteger value) {
        return value.bitLength() < 64 ? normalize(value.longValue()) : value;
    }

    static boolean isNaN(Number n) {
        return (n instanceof Double d && d.isNaN()) || (n instanceof Float f && f.isNaN());
    }

    static boolean isZero(Number n) {
        return switch (kind(n)) {
            case INTEGRAL -> n.longValue() == 0;
            case BIG_INTEGRAL -> ((BigInteger) n).signum() == 0;
            case DECIMAL -> ((BigDecimal) n).signum() == 0;
            case FLOATING -> n.doubleValue() == 0.0;
        };
    }

    /** Whether the number is a whole number; if so {@link Number#longValue()} is exact when it fits. */
    static boolean isIntegral(Number n) {
        return switch (kind(n)) {
            case INTEGRAL, BIG_INTEGRAL -> true;
            case DECIMAL -> ((BigDecimal) n).signum() == 0 || ((BigDecimal) n).stripTrailingZeros().scale() <= 0;
            case FLOATING -> {
                double d = n.doubleValue();
                yield !Double.isInfinite(d) && d == Math.rint(d);
            }
        };
    }

    /** Compares two numbers by value; neither may be NaN. */
    static int compare(Number a, Number b) {
        Kind ka = kind(a);
        Kind kb = kind(b);
        if (ka == Kind.INTEGRAL && kb == Kind.INTEGRAL) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (isInfinite(a, ka) || isInfinite(b, kb) || (exactAsDouble(a, ka) && exactAsDouble(b, kb))) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            return x < y ? -1 : (x > y ? 1 : 0);
        }
        return decimal(a).compareTo(decimal(b));
    }

    static Number negate(Number n) {
        return switch (kind(n)) {
            case INTEGRAL -> n.longValue() == Long.MIN_VALUE
                    ? BigInteger.valueOf(n.longValue()).negate()
                    : normalize(-n.longValue());
            case BIG_INTEGRAL -> normalize(((BigInteger) n).negate());
            case DECIMAL -> ((BigDecimal) n).negate();
            case FLOATING -> -n.doubleValue();
        };
    }

    /** Applies an arithmetic operation; a zero divisor must have been rejected already. */
    static Number apply(Operation operation, Number a, Number b) {
        Kind ka = kind(a);
        Kind kb = kind(b);
        Kind common = ka.compareTo(kb) >= 0 ? ka : kb;
        if (common == Kind.FLOATING && (ka == Kind.BIG_INTEGRAL || kb == Kind.BIG_INTEGRAL || ka == Kind.DECIMAL
                || kb == Kind.DECIMAL) && Double.isFinite(a.doubleValue()) && Double.isFinite(b.doubleValue())) {
            common = Kind.DECIMAL; // a double next to an arbitrary-precision number keeps the precision
        }
        return switch (common) {
            case INTEGRAL -> integral(operation, a.longValue(), b.longValue());
            case BIG_INTEGRAL -> bigIntegral(operation, bigInteger(a), bigInteger(b));
            case DECIMAL -> decimal(operation, decimal(a), decimal(b));
            case FLOATING -> floating(operation, a.doubleValue(), b.doubleValue());
        };
    }

    private static Number integral(Operation operation, long x, long y) {
        try {
            return switch (operation) {
                case ADD -> normalize(Math.addExact(x, y));
                case SUBTRACT -> normalize(Math.subtractExact(x, y));
                case MULTIPLY -> normalize(Math.multiplyExact(x, y));
                // 7 / 2 is 3.5, as in JSON-minded languages, not Java's 3
                case DIVIDE -> x % y != 0 ? (Number) ((double) x / (double) y) : normalize(divideExact(x, y));
                case REMAINDER -> normalize(x % y);
            };
        } catch (ArithmeticException overflow) {
            return bigIntegral(operation, BigInteger.valueOf(x), BigInteger.valueOf(y));
        }
    }

    private static long divideExact(long x, long y) {
        if (x == Long.MIN_VALUE && y == -1) {
            throw new ArithmeticException("long overflow");
        }
        return x / y;
    }

    private static Number bigIntegral(Operation operation, BigInteger x, BigInteger y) {
        return switch (operation) {
            case ADD -> normalize(x.add(y));
            case SUBTRACT -> normalize(x.subtract(y));
            case MULTIPLY -> normalize(x.multiply(y));
            case DIVIDE -> {
                BigInteger[] qr = x.divideAndRemainder(y);
                yield qr[1].signum() == 0 ? normalize(qr[0]) : new BigDecimal(x).divide(new BigDecimal(y), MathContext.DECIMAL128);
            }
            case REMAINDER -> normalize(x.remainder(y));
        };
    }

    private static Number decimal(Operation operation, BigDecimal x, BigDecimal y) {
        return switch (operation) {
            case ADD -> x.add(y);
            case SUBTRACT -> x.subtract(y);
            case MULTIPLY -> x.multiply(y);
            case DIVIDE -> x.divide(y, MathContext.DECIMAL128);
            case REMAINDER -> x.remainder(y);
        };
    }

    private static Number floating(Operation operation, double x, double y) {
        return switch (operation) {
            case ADD -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> x / y;
            case REMAINDER -> x % y;
        };
    }

    private static Kind kind(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return Kind.INTEGRAL;
        }
        if (n instanceof BigInteger) {
            return Kind.BIG_INTEGRAL;
        }
        if (n instanceof BigDecimal) {
            return Kind.DECIMAL;
        }
        return Kind.FLOATING;
    }

    // Whether the value converts to a double without losing precision.
    private static boolean exactAsDouble(Number n, Kind kind) {
        return switch (kind) {
            case INTEGRAL -> n.longValue() >= -EXACT_DOUBLE_LIMIT && n.longValue() <= EXACT_DOUBLE_LIMIT;
            case FLOATING -> true;
            default -> false;
        };
    }

    private static boolean isInfinite(Number n, Kind kind) {
        return kind == Kind.FLOATING && Double.isInfinite(n.doubleValue());
    }

    private static BigInteger bigInteger(Number n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }

    private static BigDecimal decimal(Number n) {
        return switch (kind(n)) {
            case INTEGRAL -> BigDecimal.valueOf(n.longValue());
            case BIG_INTEGRAL -> new BigDecimal((BigInteger) n);
            case DECIMAL -> (BigDecimal) n;
            case FLOATING -> new BigDecimal(Double.toString(n.doubleValue()));
        };
    }
}
