using System.CommandLine;

namespace SimdNn.Cli.Commands;

/// <summary>Range checks that become parse errors (exit code 2) naming the option.</summary>
internal static class OptionChecks
{
    private static readonly Dictionary<string, string> Rules = [];

    /// <summary>The rule given to <see cref="Require{T}"/> for an option, so that a value that does not even parse (too large for the type, say) is told the same rule.</summary>
    public static string? RuleFor(string option) => Rules.GetValueOrDefault(option);

    public static Option<T> Require<T>(this Option<T> option, Func<T, bool> valid, string rule)
    {
        Rules[option.Name] = rule;
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
