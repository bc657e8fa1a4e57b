using System.CommandLine;

namespace SimdNn.Cli.Commands;

/// <summary>Range checks that become parse errors (exit code 2) naming the option.</summary>
internal static class OptionChecks
{
    public static Option<T> Require<T>(this Option<T> option, Func<T, bool> valid, string rule)
    {
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                // Not convertible to T: the parser already reports that error.
                return;
            }

            if (value is not null && !valid(value)) result.AddError($"{option.Name} {rule}; got {value}.");
        });
        return option;
    }

    public static Option<T> Describe<T>(this Option<T> option, string description)
    {
        option.Description = description;
        return option;
    }

    public static Option<T> Default<T>(this Option<T> option, T value)
    {
        option.DefaultValueFactory = _ => value;
        return option;
    }
}
