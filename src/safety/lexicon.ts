import type { Pattern } from './phrases';

// Folded (lower-case, no accents) phrase patterns; see phrases.ts for the pattern syntax.
// Emergency lists err on the side of catching: a false alarm costs a patient a moment, a miss
// can cost much more.

export const SUICIDE: Pattern[] = [
  'suicid*', 'kill myself', 'killing myself', 'end my life', 'end it all', 'take my life', 'take my own life',
  'want to die', 'wanna die', 'wish i was dead', 'wish i were dead', 'better off dead', 'no reason to live',
  'not want to live', 'not want to be alive', 'hurt myself', 'harm myself', 'self harm', 'cut myself',
  'matarme', 'quitarme la vida', 'quiero morir*', 'me quiero morir', 'no quiero vivir', 'acabar con mi vida',
  'hacerme dano', 'mejor muert*', 'ganas de morir', 'no vale la pena vivir', 'desaparecer para siempre',
];

export const EMERGENCY: Pattern[] = [
  // chest
  'chest pain*', 'chest hurt*', 'pain in chest', 'chest pressure', 'pressure in chest', 'chest tight*',
  'tight* chest', 'crushing chest', 'chest crushing', 'crushing pressure', 'chest is killing', 'heart attack',
  'cardiac arrest', 'heart stopped', 'no pulse', 'heart is racing', 'heart racing',
  'dolor de pecho', 'dolor en el pecho', 'duele el pecho', 'duele mucho el pecho', 'presion en el pecho',
  'opresion en el pecho', 'pecho apretado', 'aprieta el pecho', 'infarto', 'ataque al corazon', 'ataque cardiaco',
  // breathing
  'can not breathe', 'can not breath', 'unable to breathe', 'hard to breathe', 'trouble breathing',
  'difficulty breathing', 'struggling to breathe', 'short of breath', 'shortness of breath', 'not breathing',
  'stopped breathing', 'gasping', 'choking', 'breathless', 'can not catch breath', 'cannot get air',
  'no puedo respirar', 'no puede respirar', 'falta el aire', 'falta de aire', 'me ahogo', 'se ahoga', 'ahogando',
  'dificultad para respirar', 'cuesta respirar', 'no respira',
  // bleeding
  'bleeding heavily|badly|bad|nonstop|everywhere', 'bleeding a lot', 'bleeding so|too much', 'heavy bleeding', 'will not stop', 'blood soak*', 'soak* through', 'soaked the bandage', 'through the bandage', 'bleeding heavily', 'bleeding badly', 'bleeding bad', 'bleeding will not stop',
  'will not stop bleeding', 'not stop bleeding', 'can not stop bleeding', 'can not stop the bleeding', 'lots of blood',
  'lot of blood', 'blood everywhere', 'soaked in blood', 'soaked with blood', 'bleeding through', 'gushing',
  'spurting', 'hemorrhag*', 'haemorrhag*', 'bleeding out', 'pool of blood',
  'sangrado abundante', 'sangra mucho', 'sangrando mucho', 'mucha sangre', 'no para de sangrar',
  'no deja de sangrar', 'hemorragia', 'sangrado fuerte', 'desangr*', 'sangre por todos lados', 'chorro de sangre',
  // fainting
  'faint*', 'passed out', 'pass out', 'passing out', 'blacked out', 'unconscious', 'unresponsive', 'collapsed',
  'will not wake up', 'not waking up', 'desmay*', 'desmall*', 'sangra|sangrando|sangrado mucho|muchisimo|bastante|demasiado', 'sangra|sangrando sin parar', 'no para la sangre', 'perdio el conocimiento', 'perdi el conocimiento',
  'inconsciente', 'no responde', 'no despierta', 'se cayo y no',
  // stroke
  'stroke', 'face droop*', 'face is droop*', 'drooping', 'droopy face', 'slurred', 'slurring', 'speech slurred',
  'can not speak', 'can not talk right', 'arm weak*', 'weak arm', 'arm went numb', 'numb on one side',
  'one side numb', 'can not move|lift arm|hand|leg|side', 'can not feel arm|hand|leg|side|face', 'sudden confusion', 'worst headache',
  'derrame', 'embolia', 'cara caida', 'cara torcida', 'boca chueca', 'boca torcida', 'no puede hablar',
  'habla arrastrada', 'arrastra las palabras', 'habla rara', 'brazo debil', 'no puede mover el brazo',
  'un lado dormido', 'lado entumido', 'adormecido un lado', 'paralizado',
  // general
  'emergency', '911', 'ambulance', 'i am dying', 'dying', 'emergencia', 'ambulancia', 'me estoy muriendo',
  'me muero', 'se esta muriendo', 'se muere',
];

export const PERSONAL: Pattern[] = [
  // their own medicines
  'my medic*', 'my meds', 'my pill*', 'my dose', 'my dosage', 'my prescription*', 'my blood thinner*',
  'my insulin', 'my inhaler', 'blood thinner*', 'anticoagula*', 'aspirin', 'warfarin', 'coumadin', 'eliquis',
  'xarelto', 'plavix', 'clopidogrel', 'heparin', 'metformin', 'insulin', 'lisinopril', 'statin*', 'ibuprofen',
  'tylenol', 'advil', 'should i take', 'can i take', 'should i stop', 'stop taking', 'keep taking', 'skip my',
  'mi medic*', 'mis medic*', 'mis pastillas', 'mi pastilla', 'la pastilla', 'mi dosis', 'mi receta',
  'anticoagulante*', 'aspirina', 'debo tomar', 'puedo tomar', 'dejar de tomar', 'suspender', 'sigo tomando',
  // their own results
  'my results', 'my test', 'my tests', 'my labs', 'my lab', 'my blood work', 'my bloodwork', 'my echo', 'my ekg',
  'my ecg', 'my scan', 'my report', 'my numbers', 'my levels', 'my ejection fraction', 'what did my', 'did my',
  'mis resultados', 'mi resultado', 'mis analisis', 'mis estudios', 'mis examenes', 'mi examen', 'mi estudio',
  'que salio en',
  // their own symptoms or wound
  'fever', 'swollen', 'swelling', 'bruis*', 'rash', 'itch*', 'nause*', 'vomit*', 'throwing up', 'dizzy',
  'dizziness', 'lightheaded', 'numb', 'numbness', 'sore', 'hurts', 'hurting', 'ache', 'aching', 'leaking',
  'oozing', 'pus', 'lump', 'infected', 'an infection', 'signs of infection', 'infection in|at', 'cough*', 'headache', 'red and warm', 'my incision', 'my wound',
  'my stitches', 'my arm hurts', 'i have pain', 'in pain', 'my pain', 'is bleeding', 'bleeding',
  'i feel sick|dizzy|weak|nauseous|unwell|bad|awful|terrible|funny|off|worse', 'feeling sick|dizzy|weak|worse', 'allergic', 'allergy', 'allergies', 'pregnant', 'breastfeeding', 'diabetic', 'my diabetes',
  'my kidney*', 'my condition', 'my heart is weak', 'my weak',
  'fiebre', 'hinchad*', 'hinchazon', 'moreton*', 'morado', 'sarpullido', 'comezon', 'nausea*', 'vomit*',
  'mareo*', 'mareado', 'mareada', 'adormecid*', 'me duele', 'le duele', 'duele', 'tengo dolor', 'dolor de|en|fuerte', 'mucho dolor', 'con dolor', 'siento dolor',
  'infectad*', 'pus', 'bulto', 'tos', 'una|tengo|tiene infeccion', 'infeccion en', 'me siento mal|mareado|mareada|debil|peor|rara|raro|enfermo|enferma', 'se siente mal|peor|debil', 'alergic*', 'alergia', 'embarazada',
  'diabetic*', 'sangra', 'sangrando', 'sangrado', 'mi herida', 'la herida',
  // decisions about their own care
  'should i', 'can i eat', 'can i drink', 'can i shower', 'can i bathe', 'can i drive', 'can i work',
  'can i exercise', 'can i lift', 'can i fly', 'can i travel', 'can i swim', 'can i go back', 'when can i',
  'is it safe for me', 'do i need to stop', 'do i need to fast', 'do i need an impella', 'do i need the impella',
  'do i need impella', 'am i a candidate', 'is it normal', 'is that normal', 'is this normal', 'normal to have',
  'my doctor said', 'my cardiologist said', 'need the rp', 'mean i need',
  'debo tomar|dejar|suspender|ayunar|preocupar*|seguir', 'puedo comer', 'puedo beber', 'puedo banarme', 'puedo manejar', 'puedo conducir', 'puedo trabajar',
  'puedo viajar', 'puedo hacer ejercicio', 'cuando puedo', 'es normal', 'necesito un impella',
  'necesito el impella', 'mi doctor dijo', 'mi cardiologo dijo',
];

export const HUMAN: Pattern[] = [
  'talk|speak|chat to|with someone|somebody|person|human|nurse|doctor|staff|agent|representative|real|people|anybody|anyone',
  'talk to someone', 'speak to someone', 'real person', 'a human', 'human being', 'live agent', 'live person',
  'operator', 'representative', 'agent available', 'an agent', 'algun agente', 'agente disponible', 'con alguien', 'comuniqu*', 'call me', 'someone call', 'somebody call', 'have someone', 'need a person',
  'want a person', 'get me a', 'connect me', 'transfer me', 'is anyone there', 'real human',
  'hablar con', 'una persona', 'persona real', 'humano', 'un agente', 'operador', 'llamenme', 'me pueden llamar',
  'me puede llamar', 'que me llamen', 'comunicarme con', 'comunicar con', 'pasar con', 'hay alguien',
];

/** Short forms the phrase lists are written without. */
export const EXPAND: Record<string, string> = {
  cant: 'can not', cannot: 'can not', dont: 'do not', doesnt: 'does not', wont: 'will not', im: 'i am',
  u: 'you', ur: 'your', r: 'are', pls: 'please', rn: 'right now', w: 'with', ppl: 'people', bc: 'because',
  idk: 'i do not know', alot: 'a lot', q: 'que', k: 'que', xq: 'porque', x: 'por', tb: 'tambien', d: 'de', breth: 'breathe',
};
