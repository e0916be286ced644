/**
 * The studies the viewer tests put into the source Orthanc (made by Orthanc itself: test/support/studies.ts).
 * CT images with the identifying header a real study carries, so the preview has something to show.
 */
import { UNSHAREABLE, type StudySpec } from '../../support/studies.js';

/** Who, where and by whom: what a de-identification profile must not let through. */
const IDENTIFYING_HEADER = {
  PatientAge: '056Y',
  PatientAddress: '12 Sample Lane, Exampletown',
  InstitutionAddress: '1 Example Road, Exampletown',
  StationName: 'CT-ROOM-2',
  PerformingPhysicianName: 'GREY^MEREDITH',
  OperatorsName: 'TECH^TOM',
  DeviceSerialNumber: 'SN-48213',
};

export const SAMPLE_STUDY: StudySpec = {
  studyInstanceUID: '1.2.826.0.1.3680043.8.498.2026112201',
  patientName: 'DOE^JANE',
  patientId: 'E2E-0001',
  description: 'CT thorax (E2E synthetic study)',
  institution: 'St Example Hospital',
  header: IDENTIFYING_HEADER,
  instancesPerSeries: 6,
  size: 128,
};

/**
 * A second patient's study, for sharing several studies at once. Its first image declares text burned into its
 * pixels, which a profile without pixel cleaning withholds: the share ends partial, and its preview says why.
 */
export const SECOND_STUDY: StudySpec = {
  studyInstanceUID: '1.2.826.0.1.3680043.8.498.2026112202',
  patientName: 'ROE^RICHARD',
  patientId: 'E2E-0002',
  description: 'E2E second study',
  institution: 'St Example Hospital',
  header: IDENTIFYING_HEADER,
  instancesPerSeries: 3,
  size: 128,
  tweak: (_series, instance) => (instance === 0 ? UNSHAREABLE.burnedIn : undefined),
};
