/** Kaifu's statistics: pure functions, no I/O, each tested against scipy/statsmodels/mpmath reference values. */
export { comparePosteriors, type PosteriorComparison } from './bayes.js';
export {
  type ChiSquareTest,
  chiSquareIndependence,
  chiSquareSurvival,
  sampleRatioTest,
} from './chi-square.js';
export { type Spread, spreadOf } from './descriptive.js';
export { benjaminiHochberg } from './multiple-testing.js';
export { normalCdf, normalQuantile, normalSurvival } from './normal.js';
export {
  type Count,
  type Difference,
  type Interval,
  newcombeDifference,
  twoProportionZTest,
  wilsonInterval,
  type ZTest,
} from './proportions.js';
export {
  type BlendedRate,
  betaQuantile,
  blendRate,
  probabilityOfReaching,
  quotientQuantiles,
} from './rates.js';
export {
  cohensH,
  detectableRate,
  type PowerPlan,
  sampleSizeCohensH,
  sampleSizePooledNormal,
} from './sample-size.js';
export { betaDraw, gammaDraw } from './sampling.js';
export { type ShrunkRates, type StrengthPosterior, shrinkRates, strengthPosterior } from './shrinkage.js';
export { logBeta, logGamma, regularizedBeta, regularizedGamma } from './special.js';
export { mantelHaenszelDifference, type Stratum } from './stratified.js';
