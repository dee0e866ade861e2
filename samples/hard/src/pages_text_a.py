"""Plain-text pages, first batch."""
from hardlib import write_page

NB = "\u00a0"


def almaty_measles():
    title = "Almaty steps up measles vaccination after 214 cases in two months"
    body = [
        "Almaty health authorities have opened 36 additional vaccination rooms in city polyclinics after 214 cases of measles were registered in January and February, the city’s public health department said on Thursday.",
        "Most of the patients are children under five whose parents refused or postponed routine immunization, according to department head Aigerim Tulegenova. Twenty-three children remain in hospital, two of them in intensive care.",
        "“Measles does not forgive a missed dose. We are asking parents to check their children’s vaccination cards this week, not next month,” Tulegenova told a briefing.",
        "The rooms will work on Saturdays until the end of April. The city has received 48,000 doses of the measles, mumps and rubella vaccine from the national reserve, and a further 60,000 doses are expected in April.",
        "In 2023, 93.4% of children in Almaty received the first dose on time, below the 95% threshold that specialists consider necessary to stop the spread of the virus.",
    ]
    raw = "\n".join([
        "Main | A A A | Қаз | Рус | Eng",
        "Search",
        "News  Society  Economy  Health  Regions  Video",
        "",
        "date 2024-03-14 Photo | example.kz",
        "",
        title,
        "",
        title,
        "",
        "Health",
        title,
        "Photo: example.kz",
        "",
        "\n\n".join(body),
        "",
        "Share:",
        "Facebook  Telegram  WhatsApp",
        "",
        "Related news",
        "",
        "Shymkent opens two new children’s clinics",
        "2024-03-12",
        "Ministry: 9 out of 10 measles patients were not vaccinated",
        "2024-03-07",
        "Karaganda region reports first measles cases of the year",
        "2024-02-28",
        "Parents in Almaty can now book vaccinations online",
        "2024-02-20",
        "WHO warns of measles rise in Central Asia",
        "2024-02-14",
        "",
        "© 2014–2024 example.kz. All rights reserved.",
        "Reprinting is permitted only with a hyperlink to example.kz",
        "Almaty, Abai Ave. 52, office 410. Tel.: +7 (727) 250-14-14",
        "",
    ])
    return write_page("almaty-measles-vaccination", "txt", raw, title, "2024-03-14",
                      "example.kz", "https://example.kz/en/news/health/almaty-steps-up-measles-vaccination",
                      body)


def petropavl_heating():
    title = "Petropavl hospitals switch to backup boilers after heating main rupture"
    body = [
        "PETROPAVL, 29 May 2020, 16:45 – Three hospitals in Petropavl have switched to backup boilers after a heating main burst on Kazakhstan Street on Friday morning, leaving part of the city without hot water.",
        "The regional infectious diseases hospital, which treats patients with COVID-19, the perinatal center and the children’s hospital were not affected, the North Kazakhstan region’s health department said. Operations planned for the day at the city hospital were carried out as scheduled.",
        "Repairs are expected to be completed by Sunday, the city utility Petropavl Heat Networks said. Its engineers blamed the rupture on a 40-year-old pipe that had been scheduled for replacement in 2021.",
        "The governor of the region, Kairat Ospanov, ordered the utility to check the pipes supplying all medical facilities before the heating season. According to him, 1.3 billion tenge has been set aside this year for the replacement of 14 km of heating mains.",
    ]
    raw = "\n".join([
        "Tuesday, 2 june 2020",
        "USD 411.37   EUR 457.80   RUB 5.95",
        "+18 °C Petropavl",
        "",
        "NKZ News",
        "Home | Politics | Economy | Society | Incidents | Sport",
        "",
        "Society",
        "",
        title,
        "",
        "\n\n".join(body),
        "",
        "Views: 3 418",
        "",
        "Popular",
        "Coronavirus: 17 new cases in North Kazakhstan region",
        "1 june 2020",
        "Quarantine rules eased for parks and cafes",
        "31 may 2020",
        "Heating season to start on time, akimat promises",
        "30 may 2020",
        "",
        "«« | »»",
        "",
        "© nkz-news.kz, 2020",
        "",
    ])
    return write_page("petropavl-heating-hospitals", "txt", raw, title, "2020-05-29T16:45",
                      "nkz-news.kz", "https://nkz-news.kz/en/society/petropavl-hospitals-backup-boilers",
                      body)


def kyzylorda_dialysis():
    title = "Kyzylorda dialysis center doubles its capacity"
    body = [
        "A new dialysis center for 60 patients a day opened in Kyzylorda on 22 april 2019, allowing people with kidney failure from the districts to be treated without traveling to Shymkent.",
        "The center was built by a private company under a public-private partnership and cost 1.1 billion tenge. Treatment is free for patients and paid for by the Social Health Insurance Fund.",
        "“Before, some of my patients spent six hours on the road three times a week,” said nephrologist Zhanar Abdikarimova. “Now the longest trip in the region is under two hours.”",
    ]
    teasers = [
        ("Kyzylorda region to get 12 new rural medical stations",
         "The stations will be built in Zhalagash, Syrdarya and Karmakshy districts by the end of the year. Each will employ a doctor and two nurses.",
         "19 april 2019"),
        ("Nurses in Baikonur receive housing certificates",
         "Forty-two nurses who moved to the town from other regions received certificates for the purchase of apartments worth up to 8 million tenge.",
         "17 april 2019"),
        ("Ambulance fleet of the region renewed by a third",
         "Twenty-five new ambulances equipped with ventilators and defibrillators have been handed over to district hospitals.",
         "15 april 2019"),
        ("Blood service: donors urged to come before summer",
         "Stocks of the first and third blood groups fall every year in June and July, the regional blood center warns.",
         "12 april 2019"),
        ("Medical university graduates sign contracts to work in villages",
         "Sixty-eight graduates have agreed to work in rural hospitals for at least three years in exchange for a lifting allowance.",
         "10 april 2019"),
        ("Cardiac surgery performed in Kyzylorda for the first time",
         "Surgeons of the regional hospital carried out coronary artery bypass grafting with the help of colleagues from Astana.",
         "8 april 2019"),
        ("Tuberculosis incidence falls for the fifth year in a row",
         "Last year 412 new cases of tuberculosis were registered in the region, 9 percent fewer than a year earlier.",
         "5 april 2019"),
        ("Regional hospital launches online appointment booking",
         "Patients can now book a consultation with a specialist through the hospital's website and the eGov portal.",
         "3 april 2019"),
        ("Free check-ups for women over 40 in April",
         "Mammography and cervical screening will be available without a referral on Saturdays throughout the month.",
         "1 april 2019"),
    ]
    lines = [
        "Main | A A A | Қаз | Рус | Eng",
        "",
        "22 april 2019",
        title,
        title,
        "",
        "\n\n".join(body),
        "",
        "Related news",
        "",
    ]
    for t, lead, d in teasers:
        lines += [t, lead, d, ""]
    lines += ["All news", "", "© 2019 Kyzylorda Today. All rights reserved.", ""]
    raw = "\n".join(lines)
    return write_page("kyzylorda-dialysis-center", "txt", raw, title, "2019-04-22",
                      "kyzylorda-today.kz", "https://kyzylorda-today.kz/en/kyzylorda-dialysis-center-doubles-capacity",
                      body)


def atyrau_budget():
    title = "Atyrau region adds 9.6 billion tenge to health budget"
    body = [
        "The maslikhat of Atyrau region approved on Tuesday an additional 9.6 billion tenge for healthcare, bringing this year's regional spending on hospitals and clinics to 71.4 billion tenge.",
        "Most of the new money, 6.2 billion tenge, will go to the completion of a 300-bed multidisciplinary hospital in Atyrau, whose construction stalled last year when the contractor ran out of funds. The rest will be spent on medical equipment for district hospitals in Makhambet, Isatay and Kurmangazy and on housing for young doctors.",
        "Deputy governor Ruslan Kenzhebekov said the hospital would receive its first patients in the fourth quarter. “We have changed the contractor and the schedule is now checked every week,” he told deputies.",
        "The region is short of 287 doctors, most of them in rural areas, according to the regional health department. Anesthesiologists, pediatricians and family doctors are in the greatest demand.",
        "Deputies also asked the health department to report by December on the waiting time for CT and MRI scans, which some residents say exceeds a month.",
    ]
    raw = "\n".join([
        "ATYRAU NEWS | atyrau-news.kz",
        "Main » Economy » Budget",
        "",
        "11 may 2021 - 10:05",
        "",
        title,
        "",
        "\n\n".join(body),
        "",
        "Tags: budget, healthcare, Atyrau region",
        "",
        "Other news",
        "",
        "Oil workers of Tengiz to be vaccinated at their workplace",
        "Mobile vaccination teams will work in the shift camps of Tengizchevroil contractors from next week, the regional health department said. More than 20,000 workers live in the camps.",
        "10 may 2021 - 17:40",
        "",
        "New ambulance substation opens in Atyrau's Zhilgorodok district",
        "The substation will house six crews and reduce the average arrival time in the district to 15 minutes, the city administration said.",
        "7 may 2021 - 12:15",
        "",
        "Kulsary hospital receives a new X-ray unit",
        "The unit, worth 84 million tenge, was bought with funds from the social responsibility program of an oil company.",
        "5 may 2021 - 09:30",
        "",
        "«« | »»",
        "",
        "Atyrau News, 2021. Address: 060011, Atyrau, Satpayev St. 19. Phone: 8 (7122) 27-33-50",
        "",
    ])
    return write_page("atyrau-health-budget", "txt", raw, title, "2021-05-11T10:05",
                      "atyrau-news.kz", "", body)


def mangystau_water_untouched():
    body = [
        "AKTAU, 8 July 2022 – Doctors in Mangystau region have reported a sharp rise in heat-related illness as temperatures on the Caspian coast reached 44 degrees this week, the regional health department said on Friday.",
        "Ambulance crews in Aktau and Zhanaozen received 1,180 calls on Wednesday and Thursday, about a third more than usual, and 96 people were taken to hospital with heatstroke or dehydration. Most of them were elderly people and outdoor workers.",
        "The department advised residents to avoid the sun between noon and five in the afternoon and asked employers to move outdoor work to the morning. Drinking water is being handed out at bus stops in Aktau by volunteers and city services.",
        "Forecasters expect the heat to ease slightly from Monday, but temperatures are likely to stay above 38 degrees until the end of the month.",
    ]
    raw = "\n\n".join(body) + "\n"
    return write_page("mangystau-heat-untouched", "txt", raw,
                      "Heatstroke cases rise in Mangystau as temperatures reach 44 degrees",
                      "2022-07-08", "caspian-daily.kz", "https://caspian-daily.kz/en/health/mangystau-heatstroke",
                      body, untouched=True, title_in_raw=False)


def covid_briefing_untouched():
    body = [
        "NUR-SULTAN, 14 March 2021, 09:40 – Kazakhstan registered 694 new COVID-19 cases over the past day, the interdepartmental commission said on Sunday, the lowest daily figure since the start of February.",
        "Of these, 112 were recorded in Nur-Sultan, 150 in Almaty and 61 in Karaganda region. Another 58 people were diagnosed with coronavirus pneumonia with symptoms but negative PCR tests.",
        "Chief sanitary doctor Yerzhan Baimukhanov said the decline was “fragile” and that restrictions on large gatherings would stay in place. “We saw last year how quickly the numbers can turn,” he said.",
        "More than 305,000 people have received the first dose of a vaccine since the campaign began on 1 February. Medical workers, teachers and police officers are being vaccinated first.",
        "Since the beginning of the pandemic, 229,816 cases of COVID-19 have been confirmed in the country.",
    ]
    raw = "\n\n".join(body) + "\n"
    return write_page("covid-briefing-untouched", "txt", raw,
                      "Kazakhstan reports 694 new COVID-19 cases, lowest since February",
                      "2021-03-14T09:40", "news-agency.kz", "https://news-agency.kz/en/covid-19/kazakhstan-694-new-cases", body, untouched=True, title_in_raw=False)


def senate_pharma_untouched():
    body = [
        "ASTANA, 15 June 2023 – The Senate on Thursday passed amendments to the Health Code that allow pharmacies to sell prescription medicines ordered online and delivered by courier, a practice that until now was limited to over-the-counter drugs.",
        "Under the amendments, a pharmacy will be able to deliver a prescription medicine only after checking the electronic prescription in the national database. Narcotic and psychotropic medicines remain excluded.",
        "Senator Gulmira Sadvakasova, who presented the bill, said about 40 percent of pharmacies in the country already had delivery services for other goods and would be able to start quickly. Patients in small towns would benefit most, she said.",
        "The amendments also oblige manufacturers and importers to report shortages of essential medicines to the Ministry of Healthcare at least 60 days in advance. Violations will be punished with fines of up to 1,000 monthly calculation indices.",
        "The law now goes to the President for signature.",
    ]
    raw = "\n\n".join(body) + "\n"
    return write_page("senate-pharmacy-delivery-untouched", "txt", raw,
                      "Senate allows online sale of prescription medicines",
                      "2023-06-15", "gov-press.kz", "https://gov-press.kz/en/senate/online-sale-of-prescription-medicines",
                      body, untouched=True, title_in_raw=False)


PAGES = [almaty_measles, petropavl_heating, kyzylorda_dialysis, atyrau_budget,
         mangystau_water_untouched, covid_briefing_untouched, senate_pharma_untouched]
