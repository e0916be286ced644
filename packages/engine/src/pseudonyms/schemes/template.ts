import type { TemplateConfig } from '../config.js';
import { DEFAULT_PATIENT_NAME_FORMAT } from '../config.js';
import { assertSafeText, assertValidPatientNameFormat, pseudonymPair } from '../dicom-text.js';
import { keyedDigest } from '../keyed-digest.js';
import { linkedPseudonymizer } from '../linked-allocation.js';
import { linkageNamespace } from '../linkage-namespace.js';
import type { PseudonymizerOptions, PseudonymSource } from '../pseudonymizer.js';
import { requireSiteId, requireStore } from '../pseudonymizer.js';
import type { PatientSubject } from '../subject.js';
import { parseTemplate, renderTemplate, usesPlaceholder } from './template-pattern.js';

/**
 * A project naming convention such as `{site}-{seq:04}`: a persisted counter per template and
 * site, and the linkage table so a returning patient keeps their name. Counter values lost to a
 * race between processes leave gaps; numbers are never reused.
 */
export function createTemplatePseudonymizer(config: TemplateConfig, options: PseudonymizerOptions): PseudonymSource {
  const store = requireStore(config.scheme, options);
  const parts = parseTemplate(config.template);
  const usesSite = usesPlaceholder(parts, 'site');
  const site = usesSite ? requireSiteId(`Template "${config.template}"`, options) : options.siteId ?? '';
  if (usesSite) assertSafeText('siteId', site);
  const prefix = config.prefix ?? '';
  if (usesPlaceholder(parts, 'prefix') !== (prefix !== '')) {
    throw new Error(`Template "${config.template}": set "prefix" exactly when the template uses {prefix}.`);
  }
  assertSafeText('prefix', prefix);
  const patientNameFormat = config.patientNameFormat ?? DEFAULT_PATIENT_NAME_FORMAT;
  assertValidPatientNameFormat(patientNameFormat);
  // The shortest rendering must fit already; longer counters are checked as they appear.
  pseudonymPair(renderTemplate(parts, { site, prefix, seq: 0, hash: () => 'x'.repeat(64) }), patientNameFormat);

  const namespace = linkageNamespace(config.scheme, options.secret, [config.template, prefix, site]);
  const allocation = {
    store,
    secret: options.secret,
    namespace,
    async propose(subject: PatientSubject) {
      const pseudonym = renderTemplate(parts, {
        site,
        prefix,
        seq: await store.nextCounter(namespace),
        hash: () =>
          keyedDigest(options.secret, 'deid-share/template-hash/v1', [subject.issuer, subject.patientId]).toString('hex'),
      });
      pseudonymPair(pseudonym, patientNameFormat); // refuse to link a pseudonym that outgrew LO/PN
      return pseudonym;
    },
  };
  return linkedPseudonymizer(allocation, (pseudonym) => pseudonymPair(pseudonym, patientNameFormat));
}
