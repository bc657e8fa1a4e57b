namespace Numerics.Simd;

/// <summary>Argument checks shared by the public entry points; each throws an <see cref="ArgumentException"/> naming the argument.</summary>
internal static class Check
{
    public static void NonNegative(int value, string name)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be non-negative.");
    }

    /// <summary>Checks a row-major rows×cols matrix stored with leading dimension <paramref name="ld"/>.</summary>
    public static void Matrix(int length, int rows, int cols, int ld, string name, string ldName)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentOutOfRangeException(ldName, ld, $"{ldName} must be at least max(1, {cols}) (the row length of {name}).");
        }

        long need = RequiredLength(rows, cols, ld);
        if (length < need)
        {
            throw new ArgumentException(
                $"{name} holds {length} elements but a {rows}x{cols} matrix with leading dimension {ld} needs {need}.", name);
        }
    }

    public static long RequiredLength(int rows, int cols, int ld) =>
        rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;

    public static void Length(int length, long need, string name, string what)
    {
        if (length < need)
        {
            throw new ArgumentException($"{name} holds {length} elements but {what} needs {need}.", name);
        }
    }

    public static void SameLength(int length, int expected, string name, string otherName)
    {
        if (length != expected)
        {
            throw new ArgumentException($"{name} has length {length} but {otherName} has length {expected}; they must match.", name);
        }
    }
}
