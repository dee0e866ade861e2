"""Plain-text pages, second batch."""
from hardlib import write_page

NB = "\u00a0"


def taraz_blood_short():
    title = "Taraz blood center calls for donors of rare groups"
    body = [
        "The regional blood center in Taraz has asked residents with the fourth blood group and a negative Rh factor to come forward as donors, after stocks fell to a three-day supply on Oct. 3.",
        "Donors receive a payment of 3,400 tenge and a free lunch, the center said. It is open from 8:00 to 14:00 on weekdays at 12 Zhambyl Street.",
    ]
    raw = "\n".join([
        "Main | A A A | Қаз | Рус | Eng",
        "",
        "Oct. 3, 2023",
        "",
        title,
        "",
        "\n\n".join(body),
        "",
        "Read also",
        "Zhambyl region hospitals receive 40 new ventilators  Sept. 28, 2023",
        "Free flu shots available in Taraz clinics  Sept. 21, 2023",
        "",
        "^ top",
        "© Zhambyl Press 2023 | zhambyl-press.kz",
        "",
    ])
    return write_page("taraz-blood-donors-short", "txt", raw, title, "2023-10-03",
                      "zhambyl-press.kz", "", body)


def long_health_address():
    title = "Prime Minister sets out five priorities for healthcare at expanded government meeting"
    body = [
        "ASTANA, 17 January 2024, 11:30 – Prime Minister Almas Kaliyev set out five priorities for the healthcare system at an expanded government meeting on Wednesday, saying the country would spend 2.8\u00a0trillion tenge on health this year, more than at any time in its history, and that citizens should feel the difference in their local clinics rather than in the statistics.",
        "“We have spent years building hospitals and buying equipment. That was necessary. But a patient does not judge the system by the number of tomographs, he judges it by how long he waits to see a doctor and whether the doctor has time for him,” Kaliyev said, opening a meeting attended by ministers, regional governors and the heads of the largest medical organizations.",
        "The first priority is primary care. The government plans to open 655 new medical and obstetric stations and rural outpatient clinics by 2025, as part of a national project to modernize rural healthcare that started last year. Of these, 245 are to be handed over this year. Health Minister Dariga Nurmukhambetova reported that 410 facilities had already been built or were under construction, and that the rest had been included in this year's budget.",
        "According to Nurmukhambetova, the share of the health budget spent on primary care has risen to 38 percent from 31 percent three years ago, and the goal is to reach 60 percent of the funding of the guaranteed volume of free medical care by 2026. Family doctors will be relieved of part of their paperwork: from March, sick-leave certificates and referrals will be issued automatically from the electronic medical record, without a separate form.",
        "The minister said that the average number of residents per family doctor in cities was still close to 2,000, well above the standard of 1,700, and that in some districts of Almaty and Shymkent it exceeded 2,500. “Until we close this gap, any talk of prevention will remain talk,” she said.",
        "The second priority is the medical workforce. The country is short of about 4,500 doctors, most of them in rural areas and in specialties such as anesthesiology, neonatology, pediatrics and psychiatry. Kaliyev instructed the ministry and the regional governors to offer young specialists who agree to work in villages not only the lifting allowance of 100 monthly calculation indices but also housing, and to report on it every quarter.",
        "Salaries of medical workers will be raised again this year. From 1 January, the salaries of doctors increased by 20 percent and those of nurses and paramedics by 15 percent. The average salary of a doctor in the public sector now stands at 514,000 tenge, Nurmukhambetova said, which corresponds to 1.5 times the average salary in the economy. The government's target is 2.5 times by 2027.",
        "Governors were criticized for uneven work in attracting staff. In Turkestan region, 312 new doctors started work last year, while in West Kazakhstan and Kostanay regions the shortage grew. Kaliyev asked the governors of the regions where the situation had worsened to present action plans within a month.",
        "The third priority is the fight against the main causes of death: diseases of the circulatory system, cancer and injuries. The Prime Minister noted that mortality from heart attacks and strokes had fallen by 11 percent over two years thanks to a network of 47 stroke centers and 27 centers for percutaneous coronary intervention, but that the country still lagged behind the OECD average.",
        "Under the comprehensive cancer control plan, screening programs will be extended to cover lung cancer for smokers over 50, and the number of radiotherapy units will grow from 46 to 62. The National Research Oncology Center in Astana is to open a proton therapy department, the first in Central Asia, by the end of 2025. The cost of the project is estimated at US$98 million.",
        "Vice Minister of Healthcare Yerlan Baigabylov, who oversees emergency care, said 1,100 new ambulances had been delivered to the regions over the past two years, and that the average arrival time of an ambulance crew in cities had fallen to 14 minutes. In rural areas it remains above 30 minutes. Air ambulance flights will be increased to 3,000 a year, he said.",
        "The fourth priority is the digitаlization of healthcare. All medical organizations are now connected to electronic medical records, but many of the systems do not exchange data with one another. Minister of Digital Development Marat Yessenbayev said a single national platform would be launched in test mode in the second half of the year, with patient data stored in a single format.",
        "“A patient should not have to carry a folder of paper from one doctor to another. If a cardiologist in Pavlodar cannot see the results of tests done in Ekibastuz, we have not digitalized anything,” Yessenbayev said.",
        "Telemedicine consultations will be made available in every district hospital, and remote monitoring of patients with chronic diseases will be paid for by the Social Health Insurance Fund. About 120,000 patients with hypertension and diabetes are expected to join the program in the first year.",
        "The fifth priority is the social health insurance system itself. The fund's revenues have grown to 1.6 trillion tenge, but about 3.2 million people remain outside the system, most of them self-employed workers in rural areas. The head of the fund, Aizhan Temirbekova, said a simplified payment of 1 percent of the minimum wage for rural self-employed workers had brought in 420,000 people last year.",
        "Temirbekova also reported that the fund had recovered 7.4 billion tenge from hospitals last year for services that were paid for but not actually provided, or were provided with violations. She said the fund would publish the results of its checks of each hospital on its website from the second quarter.",
        "The Prime Minister instructed the Ministry of Healthcare, together with the Ministry of Finance, to review the tariffs for medical services by 1 May so that they cover the real costs of hospitals, including salaries, and do not encourage unnecessary hospitalizations.",
        "Speaking about medicines, Kaliyev noted that the list of medicines provided free of charge on an outpatient basis now includes more than 1,000 items, and that the share of domestic production in public procurement of medicines had reached 35 percent. The government expects it to reach 50 percent by 2025, with new plants under construction in Almaty, Shymkent and Karaganda regions.",
        "At the same time, patients in several regions complained of interruptions in the supply of free insulin and anticancer drugs in the second half of last year. The Prime Minister instructed the single distributor, SK-Pharmacy, to ensure a six-month reserve of vital medicines in each region and to report on the situation every month.",
        "“Every interruption in the supply of medicines is not a statistic. It is a person who did not receive treatment on time. I expect the ministry and the governors to treat it that way,” Kaliyev said.",
        "Separately, the meeting discussed mental health services, which the Prime Minister called one of the most neglected areas of the system. The number of psychiatrists in the country has fallen by almost a fifth over ten years, and in several districts there is not a single child psychiatrist. The ministry plans to open 60 mental health centers in polyclinics by the end of next year and to include psychologists in primary care teams.",
        "Nurmukhambetova said that suicide prevention programs for teenagers, piloted in schools of Kyzylorda and Karaganda regions, had reduced the number of suicide attempts among pupils by a third, and that they would be extended to all regions from September. Each school will have a trained psychologist, and parents will be able to consult a specialist online free of charge.",
        "Maternal and child health was also on the agenda. Maternal mortality, which rose sharply during the pandemic, has returned to pre-pandemic levels, and infant mortality fell to 7.9 per 1,000 live births last year. The minister said three new perinatal centers would open this year, in Kokshetau, Taldykorgan and Turkestan, and that every regional center would have a neonatal intensive care unit equipped to nurse babies weighing less than 1,000 grams.",
        "Governor of Almaty region Bakytzhan Ospanbekov reported that the region had opened 36 rural clinics last year and had attracted 218 doctors with the help of service housing. He asked the government to allow regions to use part of the funds of the social health insurance system to pay bonuses to doctors in remote villages, a proposal the Prime Minister said would be considered.",
        "Governor of East Kazakhstan region Timur Zhaksylykov said that the construction of a new 630-bed multidisciplinary hospital in Ust-Kamenogorsk was 70 percent complete and that it would receive its first patients in December. The project, financed under a public-private partnership, is worth 84 billion tenge.",
        "Kaliyev stressed that such large projects should not come at the expense of district hospitals. “A modern hospital in the regional center is good. But if the road to it takes four hours and the district hospital on the way has no surgeon, the patient will not get there,” he said, instructing the ministry to draw up a map of the network of medical organizations with travel times for every village by June.",
        "Prevention will receive more attention too. The ministry intends to raise excise taxes on tobacco and sugary drinks in the next three years and to ban the sale of electronic cigarettes to minors entirely, Nurmukhambetova said. Screening programs for cardiovascular disease, diabetes and several types of cancer covered 5.6 million people last year, and the goal is to examine every adult at least once every two years.",
        "Deputy Prime Minister Serik Zhumanbayev, who chairs the interdepartmental commission on healthcare, said that the government would review the progress of the national project every quarter and publish the results. He added that 140 billion tenge of the funds planned for the project had not been used last year because of delays in design work, and that the regions concerned had been warned.",
        "Representatives of the World Health Organization, who attended the meeting as observers, welcomed the focus on primary care. The head of the WHO country office, Dr. Elena Marchetti, said that Kazakhstan's experience in building a network of rural clinics would be presented at a regional conference in Copenhagen in the autumn as an example for other countries of the region.",
        "The Prime Minister also asked the Ministry of Education to work with the Ministry of Healthcare on the training of doctors. He said that medical universities admitted 5,900 students on state grants last year, but that only half of the graduates of residency programs went to work where they were needed most. From this year, grant holders will have to work for three years in the region that paid for their training.",
        "In conclusion, the Prime Minister said that the results of the five priorities would be reviewed at a government meeting in July, and that regional governors whose indicators did not improve would be held personally responsible.",
    ]
    read_also = "Read also: Medical workers' salaries to rise by 20% from January"
    paras = body[:9] + [read_also] + body[9:]
    raw_lines = [
        "Government of the Republic of Kazakhstan | Official information resource of the Prime Minister",
        "Main | A A A | Қаз | Рус | Eng",
        "Government  Prime Minister  News  Documents  Open government  Contacts",
        "",
        "Wednesday, 24 january 2024",
        "",
        "Government meetings",
        "",
        title,
        "17 January 2024, 11:30",
        "",
        "\n\n".join(paras),
        "",
        "Print version  |  Share",
        "",
        "News of the government",
        "",
        "Government approves comprehensive plan to combat cancer for 2024–2026",
        "16 January 2024, 15:20",
        "Tariffs for medical services to be reviewed by May",
        "12 January 2024, 10:05",
        "Governors report on the heating season",
        "10 January 2024, 17:45",
        "",
        "© 2024 Press service of the Prime Minister of the Republic of Kazakhstan",
        "010000, Astana, Mangilik El Ave. 8, House of Ministries. press@gov-press.kz",
        "",
    ]
    raw = "\n".join(raw_lines)
    return write_page("pm-five-health-priorities-long", "txt", raw, title, "2024-01-17T11:30",
                      "gov-press.kz", "https://gov-press.kz/en/news/pm-five-priorities-for-healthcare",
                      body)


def oral_cardio_homoglyphs():
    title = "Oral cardiac center performs 500th heart surgery"
    # Raw paragraphs with non-breaking spaces and Cyrillic look-alikes (о, е,
    # с, а, р) inside English words; the gold repairs them.
    body = [
        "The regional cardiac surgery center in Oral performed its 500th open-heart operation on 9" + NB + "November" + NB + "2022, three years after it began working, the West Kazakhstan region’s health department reported.",
        "The patient, a 62-year-old resident of Aksai, underwent coronary artery bypass surgery and is in stable condition. Before the сenter opened, patients from the region had to travel to Astana or Aktobe for such operations, and many waited months for a place.",
        "“Five hundred operations means five hundred families who did not have to borrow money for the road and a hotel,” said the center’s head, cardiac surgeon Nurlan Zhumagaliyev. He said the team had also begun to operate on children with congenital heart dеfects.",
        "The center was equipped for 2.3" + NB + "billion tenge from the regional budget. Its staff of 48 includes nine surgeons, seven of whom were trained at the National Scientific Medical Center in Astana and in Türkiye.",
        "This year, the regional budget has allocated a further 310" + NB + "million tenge for an angiography unit, which will allow the center to perform stenting around the clock. Currently, рatients with heart attacks at night are taken to the regional hospital.",
        "According to the health department, mortality from diseases of the circulatory system in the region fell by 12% in 2021 and has continued to decline this year.",
    ]
    raw = "\n".join([
        "Priural Times",
        "Main | A A A | Қаз | Рус | Eng",
        "",
        "Health" + NB + "/" + NB + "10 November 2022, 12:15",
        "",
        title,
        "",
        title,
        "",
        "\n\n".join(body),
        "",
        "^ top",
        "",
        "Read also",
        "Oral’s new perinatal center to open in spring" + NB + " 8 November 2022",
        "Region to hire 60 doctors under the “Diploma to the village” program" + NB + " 4 November 2022",
        "",
        "Editorial office: 090000, Oral, Dostyk Ave. 184. Phone: +7" + NB + "(7112)" + NB + "51-02-33",
        "© priural-times.kz 2022",
        "^ top",
        "",
    ])
    return write_page("oral-cardiac-center-homoglyphs", "txt", raw, title, "2022-11-10T12:15",
                      "priural-times.kz", "https://priural-times.kz/en/health/oral-cardiac-center-500th-surgery",
                      body)


def ekibastuz_news_partner():
    title = "Ekibastuz gets eight new ambulances equipped for long distances"
    body = [
        "Ekibastuz's emergency medical service has received eight new ambulances built for long distances on rough roads, the Pavlodar region's health department said on Monday.",
        "The vehicles, purchased for 392 million tenge, carry ventilators, defibrillators and incubators for newborns. Four of them will be based in the villages of Kalkaman, Shiderty, Bayet and Tortuy, where patients sometimes wait for more than an hour for an ambulance from the city.",
        "Head of the city ambulance station Serik Akhmetzhanov said the new vehicles would allow crews to take seriously ill patients directly to Pavlodar, 140 km away, without transferring them at the district hospital. “On a winter road every minute counts, and every transfer costs us twenty,” he said.",
        "The region plans to replace 30% of its ambulance fleet by the end of next year.",
    ]
    raw = "\n".join([
        "Pavlodar Online  |  pvl-online.kz",
        "EN | RU | KZ     Search",
        "",
        "Society",
        "14 march 2022 - 18:20",
        "",
        title,
        "",
        "\n\n".join(body),
        "",
        "Subscribe to our Telegram channel to be the first to know the news",
        "Share: Facebook | Twitter | Telegram | WhatsApp",
        "Tags: healthcare, ambulance, Pavlodar region",
        "",
        "News Partner",
        "",
        "Clinic in Pavlodar offers free consultation for new patients",
        "Book an appointment with a cardiologist or endocrinologist without a queue.",
        "",
        "Why doctors recommend a check-up after 40",
        "Five tests that can be done in one morning.",
        "",
        "Popular",
        "",
        "Pavlodar region to build three new polyclinics",
        "13 march 2022 - 11:00",
        "Coronavirus: restrictions lifted for cinemas and theaters",
        "12 march 2022 - 09:45",
        "Ekibastuz maternity hospital renovated",
        "10 march 2022 - 15:30",
        "",
        "© 2022 Pavlodar Online. When using materials, a hyperlink to pvl-online.kz is required.",
        "Phone of the editorial office: +7 (7182) 32-11-90",
        "",
    ])
    return write_page("ekibastuz-ambulances-news-partner", "txt", raw, title, "2022-03-14T18:20",
                      "pvl-online.kz", "", body)


def semey_blank_runs():
    title = "Semey screening program finds thyroid disease in one in six residents of former test-site villages"
    body = [
        "A two-year screening program for people living near the former Semipalatinsk nuclear test site has found thyroid disease in 17.2 percent of those examined, the Semey medical university said at a conference on Monday.",
        "Doctors examined 18,400 residents of 31 villages in Abai region between 2021 and 2023. Most of the cases were benign nodules, but 214 people were referred for further tests for suspected cancer, and in 58 of them the diagnosis was confirmed.",
        "Professor Dinara Zhakenova, who led the program, said the results confirmed the need for regular screening in the area. She noted that most of those examined were born after the last nuclear test in 1989, and that further research was needed to separate the effects of radiation from those of iodine deficiency.",
        "The screening was paid for from the state budget and cost 640 million tenge. The regional health department said it would ask for funding to extend the program to another 20 villages in 2024.",
    ]
    raw = "\n".join([
        "Home / News / Health",
        "",
        "",
        "",
        "Oct. 3, 2023",
        "",
        title,
        "",
        "",
        "Photo: Semey Medical University press service",
        "",
        "",
        "",
        "",
        body[0],
        "",
        "",
        "",
        body[1],
        "",
        "",
        "",
        "",
        "",
        body[2],
        "",
        "",
        body[3],
        "",
        "",
        "",
        "",
        "Views: 2" + NB + "051",
        "",
        "",
        "Previous article: Abai region receives 12 new ambulances",
        "Next article: Semey hospital launches tele-ICU with Astana",
        "",
        "",
        "",
        "abai-news.kz © 2023",
        "",
        "",
    ])
    return write_page("semey-thyroid-screening-blank-runs", "txt", raw, title, "2023-10-03",
                      "abai-news.kz", "https://abai-news.kz/en/health/semey-thyroid-screening",
                      body)


def kokshetau_single_newlines():
    title = "Free IVF quotas for Akmola region raised to 420"
    body = [
        "The number of free in vitro fertilization cycles for residents of Akmola region will be raised to 420 this year from 300, the regional health department said on 2 February 2023.",
        "The cycles are paid for under the state program supporting families with infertility, which was expanded nationwide last year. Women under 42 with a confirmed diagnosis can apply through their polyclinic, and no more than two attempts are funded per family.",
        "Since the program began in the region, 198 children have been born after free IVF, according to the department. The average cost of one cycle covered by the state is 1.1 million tenge.",
        "Applications are reviewed by a regional commission in Kokshetau within ten working days, acting head of the department Bakhyt Serikbayev said.",
    ]
    raw = "\n".join([
        "Kokshetau Herald",
        "Main  News  Region  Health  Education  Contacts",
        "3 February 2023, 09:10",
        title,
        *body,
        "Comments (0)",
        "To leave a comment, log in",
        "Latest news",
        "Kokshetau polyclinic No. 3 reopens after repair - 2 February 2023, 17:25",
        "Akmola region reports decline in flu cases - 1 February 2023, 12:00",
        "© 2023 kokshetau-herald.kz",
        "",
    ])
    return write_page("kokshetau-ivf-single-newlines", "txt", raw, title, "2023-02-03T09:10",
                      "kokshetau-herald.kz", "https://kokshetau-herald.kz/en/health/ivf-quotas-raised",
                      body)


def turkestan_pipe_source():
    title = "Turkestan tuberculosis dispensary moves to new building"
    body = [
        "TURKESTAN, 2 November 2021 – The regional tuberculosis dispensary of Turkestan region has moved into a new 150-bed building on the outskirts of Turkestan, replacing premises in Shymkent that were built in the 1960s.",
        "The building, constructed for 6.8 billion tenge, has separate wings for patients with drug-resistant forms of the disease, a laboratory for rapid molecular testing and a school for children undergoing long-term treatment.",
        "«Patients with resistant tuberculosis are treated for up to 20 months. They should be able to do it in normal conditions, not in a barrack,» regional health department head Mukhtar Tulegenov said at the opening ceremony.",
        "Turkestan region registered 1,027 new cases of tuberculosis last year, the highest number of any region in the country, although incidence has fallen by 35 percent over the past decade.",
    ]
    raw = "\n".join([
        "Turkestan Today | turkestan-today.kz",
        "",
        "Wednesday, 3 November 2021",
        "",
        "Main » Health",
        "",
        title,
        "2021-11-02 14:10",
        "",
        "\n\n".join(body),
        "",
        "Source: press service of the Turkestan region governor",
        "",
        "Related news:",
        "• Turkestan region to build 40 rural clinics – 1 November 2021",
        "• Vaccination against COVID-19 available at Turkestan railway station – 29 October 2021",
        "• Shymkent to get a new children's hospital – 27 October 2021",
        "",
        "Turkestan Today, 2021. All rights reserved.",
        "",
    ])
    return write_page("turkestan-tb-dispensary-pipe-source", "txt", raw, title, "2021-11-02T14:10",
                      "turkestan-today.kz", "", body)


def aktau_teasers_first():
    title = "Aktau children's hospital opens rehabilitation department for children with cerebral palsy"
    body = [
        "A rehabilitation department for children with cerebral palsy and other disorders of the nervous system has opened at the Mangystau regional children's hospital in Aktau, the hospital said on 6 December 2022.",
        "The department has 40 beds and is equipped with robotic walking trainers, a hydrotherapy pool and rooms for speech therapy. Children from all districts of the region will be treated there in courses of 14 days, twice a year, free of charge.",
        "Until now, families from Mangystau had to take their children to Astana or Almaty for such courses and wait up to a year for a place. More than 1,600 children with disabilities live in the region, about 450 of them with cerebral palsy.",
        "“Rehabilitation works when it is regular. A course once every two years in another city changes very little,” said the head of the department, neurologist Aigul Sarsenbayeva.",
        "The equipment was purchased for 470 million tenge from the regional budget and with the help of a charitable foundation.",
    ]
    raw = "\n".join([
        "Mangystau Media | mangystau-media.kz",
        "Main | A A A | Қаз | Рус | Eng",
        "",
        "Popular",
        "Aktau airport to get a new terminal by 2024",
        "5 December 2022",
        "Zhanaozen hospital receives a CT scanner",
        "2 December 2022",
        "Flu season: Mangystau schools stay open",
        "30 November 2022",
        "Caspian seals found dead on the coast again",
        "28 November 2022",
        "",
        "Latest",
        "Doctors of Beineu district to receive service apartments  7 December 2022",
        "Aktau polyclinics switch to online queue  7 December 2022",
        "",
        "Society / Health",
        title,
        "7 December 2022, 10:20",
        "",
        "\n\n".join(body),
        "",
        "If you find a mistake, select it and press Ctrl+Enter",
        "",
        "© 2022 Mangystau Media. Aktau, 14th microdistrict, building 60. +7 (7292) 30-40-50",
        "",
    ])
    return write_page("aktau-rehabilitation-teasers-first", "txt", raw, title, "2022-12-07T10:20",
                      "mangystau-media.kz", "", body)


PAGES = [taraz_blood_short, long_health_address, oral_cardio_homoglyphs,
         ekibastuz_news_partner, semey_blank_runs, kokshetau_single_newlines,
         turkestan_pipe_source, aktau_teasers_first]
