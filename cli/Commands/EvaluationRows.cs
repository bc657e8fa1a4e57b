using Nn.Training;
using SimdNn.Cli.Data;

namespace SimdNn.Cli.Commands;

/// <summary>The rows a model is scored on and how to say which, as picked by <see cref="EvaluationOptions"/>.</summary>
internal sealed record EvaluationRows(DataSource Source, Dataset Rows, string Which);
