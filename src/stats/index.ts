/** Kaifu's statistics: pure functions, no I/O, each tested against scipy/statsmodels/mpmath reference values. */
export { comparePosteriors, type PosteriorComparison } from './bayes';
export { type ChiSquareTest, chiSquareIndependence, chiSquareSurvival, sampleRatioTest } from './chi-square';
export { benjaminiHochberg } from './multiple-testing';
export { normalCdf, normalQuantile, normalSurvival } from './normal';
export {
  type Count,
  type Difference,
  type Interval,
  newcombeDifference,
  twoProportionZTest,
  wilsonInterval,
  type ZTest,
} from './proportions';
export { cohensH, type PowerPlan, sampleSizeCohensH, sampleSizePooledNormal } from './sample-size';
export { type ShrunkRates, shrinkRates } from './shrinkage';
export { logBeta, logGamma, regularizedBeta, regularizedGamma } from './special';
