-- banyuwangi-opd.sql: demo data, the OPDs of Kabupaten Banyuwangi.
--
-- The perangkat daerah of the regency: the secretariats and the
-- inspectorate, the dinas and badan, the bagian of the Sekretariat Daerah,
-- the two regional hospitals, the Satpol PP, and all 25 kecamatan.
-- Names follow the regency's organisation as published on banyuwangikab.go.id;
-- check them against the current Peraturan Daerah before production use.
-- Codes are the short forms clerks use; they are Rapor's keys.
-- Loading twice is harmless: existing codes are left as they are.

INSERT INTO opds (code, name, kind) VALUES
    ('SETDA',        'Sekretariat Daerah', 'sekretariat'),
    ('SETWAN',       'Sekretariat DPRD', 'sekretariat'),
    ('INSPEKTORAT',  'Inspektorat', 'inspektorat'),

    ('DISDIK',       'Dinas Pendidikan', 'dinas'),
    ('DINKES',       'Dinas Kesehatan', 'dinas'),
    ('DPU_PENGAIRAN','Dinas Pekerjaan Umum Pengairan', 'dinas'),
    ('DPU_CKPP',     'Dinas Pekerjaan Umum Cipta Karya, Perumahan dan Permukiman', 'dinas'),
    ('DPU_BM',       'Dinas Pekerjaan Umum Bina Marga', 'dinas'),
    ('SATPOLPP',     'Satuan Polisi Pamong Praja', 'satuan'),
    ('DINSOS',       'Dinas Sosial, Pemberdayaan Perempuan dan Keluarga Berencana', 'dinas'),
    ('DISNAKER',     'Dinas Tenaga Kerja, Transmigrasi dan Perindustrian', 'dinas'),
    ('DLH',          'Dinas Lingkungan Hidup', 'dinas'),
    ('DISPENDUK',    'Dinas Kependudukan dan Pencatatan Sipil', 'dinas'),
    ('DPMD',         'Dinas Pemberdayaan Masyarakat dan Desa', 'dinas'),
    ('DISHUB',       'Dinas Perhubungan', 'dinas'),
    ('DISKOMINFO',   'Dinas Komunikasi, Informatika dan Persandian', 'dinas'),
    ('DISKOPUMDAG',  'Dinas Koperasi, Usaha Mikro dan Perdagangan', 'dinas'),
    ('DPMPTSP',      'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', 'dinas'),
    ('DISPORA',      'Dinas Pemuda dan Olahraga', 'dinas'),
    ('DISBUDPAR',    'Dinas Kebudayaan dan Pariwisata', 'dinas'),
    ('DISPUSIP',     'Dinas Perpustakaan dan Kearsipan', 'dinas'),
    ('DISPERTAPANGAN','Dinas Pertanian dan Pangan', 'dinas'),
    ('DISKANLA',     'Dinas Perikanan', 'dinas'),
    ('DISPERKIM',    'Dinas Perumahan dan Kawasan Permukiman', 'dinas'),
    ('DAMKAR',       'Dinas Pemadam Kebakaran dan Penyelamatan', 'dinas'),

    ('BAPPEDA',      'Badan Perencanaan Pembangunan Daerah', 'badan'),
    ('BPKAD',        'Badan Pengelolaan Keuangan dan Aset Daerah', 'badan'),
    ('BAPENDA',      'Badan Pendapatan Daerah', 'badan'),
    ('BKPSDM',       'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', 'badan'),
    ('BPBD',         'Badan Penanggulangan Bencana Daerah', 'badan'),
    ('BAKESBANGPOL', 'Badan Kesatuan Bangsa dan Politik', 'badan'),

    ('PEMERINTAHAN', 'Bagian Pemerintahan', 'bagian'),
    ('HUKUM',        'Bagian Hukum', 'bagian'),
    ('KESRA',        'Bagian Kesejahteraan Rakyat', 'bagian'),
    ('PEREKONOMIAN', 'Bagian Perekonomian dan Sumber Daya Alam', 'bagian'),
    ('ADPEM',        'Bagian Administrasi Pembangunan', 'bagian'),
    ('PBJ',          'Bagian Pengadaan Barang dan Jasa', 'bagian'),
    ('ORGANISASI',   'Bagian Organisasi', 'bagian'),
    ('UMUM',         'Bagian Umum', 'bagian'),
    ('PROKOMPIM',    'Bagian Protokol dan Komunikasi Pimpinan', 'bagian'),

    ('RSUD_BLAMBANGAN', 'RSUD Blambangan', 'rumah_sakit'),
    ('RSUD_GENTENG', 'RSUD Genteng', 'rumah_sakit'),

    ('KEC_BANGOREJO',   'Kecamatan Bangorejo', 'kecamatan'),
    ('KEC_BANYUWANGI',  'Kecamatan Banyuwangi', 'kecamatan'),
    ('KEC_BLIMBINGSARI','Kecamatan Blimbingsari', 'kecamatan'),
    ('KEC_CLURING',     'Kecamatan Cluring', 'kecamatan'),
    ('KEC_GAMBIRAN',    'Kecamatan Gambiran', 'kecamatan'),
    ('KEC_GENTENG',     'Kecamatan Genteng', 'kecamatan'),
    ('KEC_GIRI',        'Kecamatan Giri', 'kecamatan'),
    ('KEC_GLAGAH',      'Kecamatan Glagah', 'kecamatan'),
    ('KEC_GLENMORE',    'Kecamatan Glenmore', 'kecamatan'),
    ('KEC_KABAT',       'Kecamatan Kabat', 'kecamatan'),
    ('KEC_KALIBARU',    'Kecamatan Kalibaru', 'kecamatan'),
    ('KEC_KALIPURO',    'Kecamatan Kalipuro', 'kecamatan'),
    ('KEC_LICIN',       'Kecamatan Licin', 'kecamatan'),
    ('KEC_MUNCAR',      'Kecamatan Muncar', 'kecamatan'),
    ('KEC_PESANGGARAN', 'Kecamatan Pesanggaran', 'kecamatan'),
    ('KEC_PURWOHARJO',  'Kecamatan Purwoharjo', 'kecamatan'),
    ('KEC_ROGOJAMPI',   'Kecamatan Rogojampi', 'kecamatan'),
    ('KEC_SEMPU',       'Kecamatan Sempu', 'kecamatan'),
    ('KEC_SILIRAGUNG',  'Kecamatan Siliragung', 'kecamatan'),
    ('KEC_SINGOJURUH',  'Kecamatan Singojuruh', 'kecamatan'),
    ('KEC_SONGGON',     'Kecamatan Songgon', 'kecamatan'),
    ('KEC_SRONO',       'Kecamatan Srono', 'kecamatan'),
    ('KEC_TEGALDLIMO',  'Kecamatan Tegaldlimo', 'kecamatan'),
    ('KEC_TEGALSARI',   'Kecamatan Tegalsari', 'kecamatan'),
    ('KEC_WONGSOREJO',  'Kecamatan Wongsorejo', 'kecamatan')
ON CONFLICT (code) DO NOTHING;

-- Who verifies which component by default (SAKIP practice); rapor-admin
-- can designate others per period. Copied into each period when it opens.
INSERT INTO assessor_defaults (component_id, opd_id)
SELECT c.id, o.id
  FROM (VALUES ('pengawasan', 'INSPEKTORAT'),
               ('perencanaan', 'BAPPEDA'),
               ('pelaporan', 'ORGANISASI'),
               ('anggaran', 'BPKAD'),
               ('inovasi', 'BAPPEDA'),
               ('pengadaan', 'PBJ')) AS d (component, opd)
  JOIN components c ON c.code = d.component
  JOIN opds o ON o.code = d.opd
ON CONFLICT (component_id) DO NOTHING;
