using Nn.Dense;
using SimdNn.Cli.Data;

namespace SimdNn.Cli.Training;

/// <summary>
/// The one place `train` touches the training library: split off validation rows, standardize on
/// the training rows, build and fit the network, fold the scaler into the first layer.
/// </summary>
internal static class TrainingRun
{
    public static (Network Network, TrainingOutcome Outcome) Run(LabeledData train, TrainSettings settings,
        Action<EpochStats> progress, CancellationToken cancellation)
    {
        LabeledData fit = train;
        LabeledData? validation = null;
        if (settings.ValidationFraction > 0)
        {
            (fit, validation) = Splits.Stratified(train, settings.ValidationFraction, settings.Seed + 1, train.Name, train.Name + " validation");
        }

        var scaler = Standardizer.Fit(fit.Features, fit.Samples, fit.FeatureCount);
        var network = settings.BuildNetwork(train.FeatureCount, train.ClassCount);
        var trainer = new StandInTrainer(network, settings);
        var outcome = trainer.Fit(
            scaler.Transform(fit.Features, fit.Samples), fit.Labels,
            validation is null ? null : scaler.Transform(validation.Features, validation.Samples), validation?.Labels,
            progress, cancellation);
        scaler.FoldInto(network);
        return (network, outcome);
    }
}
