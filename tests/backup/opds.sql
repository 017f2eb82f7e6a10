-- opds.sql: a small regency for the backup and upgrade tests: the five
-- assessor OPDs, three others, and who verifies which component (as
-- deploy/banyuwangi-opd.sql does for the demo). Loaded as the owner.
INSERT INTO opds (code, name, kind) VALUES
    ('INSPEKTORAT', 'Inspektorat', 'inspektorat'),
    ('BAPPEDA',     'Badan Perencanaan Pembangunan Daerah', 'badan'),
    ('ORGANISASI',  'Bagian Organisasi', 'bagian'),
    ('BPKAD',       'Badan Pengelolaan Keuangan dan Aset Daerah', 'badan'),
    ('PBJ',         'Bagian Pengadaan Barang dan Jasa', 'bagian'),
    ('DINKES',      'Dinas Kesehatan', 'dinas'),
    ('DISHUB',      'Dinas Perhubungan', 'dinas'),
    ('KEC_LICIN',   'Kecamatan Licin', 'kecamatan');
INSERT INTO assessor_defaults (component_id, opd_id)
SELECT c.id, o.id
  FROM (VALUES ('pengawasan', 'INSPEKTORAT'),
               ('perencanaan', 'BAPPEDA'),
               ('pelaporan', 'ORGANISASI'),
               ('anggaran', 'BPKAD'),
               ('inovasi', 'BAPPEDA'),
               ('pengadaan', 'PBJ')) AS d (component, opd)
  JOIN components c ON c.code = d.component
  JOIN opds o ON o.code = d.opd;
