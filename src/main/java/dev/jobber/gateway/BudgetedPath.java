package dev.jobber.gateway;

/**
 * A request path as the trigger patterns read it, counting the characters they read: past the budget, the next read
 * throws {@link Exhausted}. java.util.regex backtracks (it must: JavaScript patterns use backreferences and
 * lookaround), so one pattern can need exponentially many steps; every step reads the input, so the count bounds the
 * work. One instance is shared by all the patterns tried for one request.
 */
final class BudgetedPath implements CharSequence {

    /** The budget ran out. Without a stack trace: it is expected, and thrown where the stack may be deep. */
    static final class Exhausted extends RuntimeException {
        private Exhausted() {
            super("the path took too many steps to match", null, false, false);
        }
    }

    private static final Exhausted EXHAUSTED = new Exhausted();

    private final String path;
    private long left;

    BudgetedPath(String path, long budget) {
        this.path = path;
        this.left = budget;
    }

    @Override
    public int length() {
        return path.length();
    }

    @Override
    public char charAt(int index) {
        if (--left < 0) {
            throw EXHAUSTED;
        }
        return path.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return path.subSequence(start, end);
    }

    @Override
    public String toString() {
        return path;
    }
}
